-- A per-connection staging table for one batch; COPY fills it, the merge empties it at commit.
-- Parameters: none.
CREATE TEMP TABLE IF NOT EXISTS observation_stage (
    seq             integer          NOT NULL,   -- position in the batch: later wins within a batch
    datastream_id   bigint           NOT NULL,
    phenomenon_time timestamptz      NOT NULL,
    result          double precision,
    result_json     jsonb,
    quality         text,
    source          text             NOT NULL,
    source_run      uuid,
    source_offset   bigint
) ON COMMIT DELETE ROWS
