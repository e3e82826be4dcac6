-- OGC API – Processes (docs/processes.md): what process jobs write.
--   * tweeling_result holds the tables of result layers, one per output layer of a run, named like the layer;
--     they have the house layer columns (V001) and are registered in tweeling.layer, so OGC API Features and
--     Tiles serve them. They live until their job is deleted (DELETE /jobs/{id}).
--   * tweeling.process_result_layer records each result layer's lineage: the job, the process and model version,
--     the inputs, the scenario and revision read, and the datetime of the data.
--   * tweeling.process_figure holds the per-buurt figures a run computed (GET /jobs/{a}/compare/{b}).
CREATE SCHEMA IF NOT EXISTS tweeling_result;

CREATE TABLE tweeling.process_result_layer (
    layer_id       text        PRIMARY KEY REFERENCES tweeling.layer (id) ON DELETE CASCADE,
    job_id         uuid        NOT NULL REFERENCES tweeling.job (id),
    output_id      text        NOT NULL,
    process_id     text        NOT NULL,
    model_version  text        NOT NULL,
    inputs         jsonb       NOT NULL,
    scenario       text,
    revision       bigint,
    data_time      timestamptz NOT NULL,
    UNIQUE (job_id, output_id)
);

CREATE TABLE tweeling.process_figure (
    job_id      uuid             NOT NULL REFERENCES tweeling.job (id),
    figure      text             NOT NULL,
    buurt_code  text             NOT NULL,
    value       double precision NOT NULL,
    PRIMARY KEY (job_id, figure, buurt_code)
);

-- the job list's filters (status, processID, datetime) over process jobs
CREATE INDEX job_status_created_idx ON tweeling.job (status, created_at DESC);
