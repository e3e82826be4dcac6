-- A result layer's lineage. Parameters: 1 layer id, 2 job id, 3 output id, 4 process id, 5 model version,
-- 6 inputs (JSON), 7 scenario, 8 revision, 9 datetime of the data.
INSERT INTO tweeling.process_result_layer (layer_id, job_id, output_id, process_id, model_version, inputs,
                                           scenario, revision, data_time)
VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
