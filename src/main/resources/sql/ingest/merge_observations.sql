-- Moves a staged round into tweeling.observation with exactly-once effect (the repository stages each key
-- at most once per round, so a batch has the effect of its messages one by one).
--   * the same (datastream, time) with the same result is a duplicate: nothing changes;
--   * with a different result it is a correction: the later message wins (by position at the source
--     when both came from the same source, else the later arrival) and the correction is counted;
--   * a redelivered older message (lower source offset) never overwrites a newer one;
--   * a later run (source_run) of the same source may correct a value at the same offset (re-harvest).
-- Returns one row per inserted or corrected observation; `inserted` tells which (a correction has
-- corrections >= 1; system columns such as xmax cannot be returned from a partitioned table).
-- Parameters: none.
WITH last_in_batch AS (
    -- the same key may occur more than once in one batch: keep the last one
    SELECT DISTINCT ON (datastream_id, phenomenon_time)
           datastream_id, phenomenon_time, result, result_json, quality, source, source_run, source_offset
    FROM observation_stage
    ORDER BY datastream_id, phenomenon_time, seq DESC
)
INSERT INTO tweeling.observation AS o
       (datastream_id, phenomenon_time, result, result_json, quality, source, source_run, source_offset)
SELECT datastream_id, phenomenon_time, result, result_json, quality, source, source_run, source_offset
FROM last_in_batch
ON CONFLICT (datastream_id, phenomenon_time) DO UPDATE
SET result        = EXCLUDED.result,
    result_json   = EXCLUDED.result_json,
    quality       = EXCLUDED.quality,
    source        = EXCLUDED.source,
    source_run    = EXCLUDED.source_run,
    source_offset = EXCLUDED.source_offset,
    corrections   = o.corrections + 1,
    ingested_at   = now()
WHERE (o.result IS DISTINCT FROM EXCLUDED.result OR o.result_json IS DISTINCT FROM EXCLUDED.result_json)
  AND (o.source IS DISTINCT FROM EXCLUDED.source
       OR o.source_offset IS NULL
       OR EXCLUDED.source_offset IS NULL
       OR EXCLUDED.source_offset > o.source_offset
       OR (EXCLUDED.source_run IS NOT NULL AND EXCLUDED.source_run IS DISTINCT FROM o.source_run))
RETURNING o.corrections = 0 AS inserted
