-- The result layers of a job with their lineage, in output order of creation.
-- Parameters: 1 job id.
SELECT r.layer_id,
       r.output_id,
       r.process_id,
       r.model_version,
       r.inputs::text AS inputs,
       r.scenario,
       r.revision,
       r.data_time,
       l.table_schema,
       l.table_name
FROM tweeling.process_result_layer AS r
JOIN tweeling.layer AS l
  ON l.id = r.layer_id
WHERE r.job_id = ?
ORDER BY r.layer_id
