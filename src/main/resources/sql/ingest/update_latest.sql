-- Keeps each datastream's latest value current from the staged batch.
-- Parameters: none.
WITH newest AS (
    -- the newest staged observation per datastream
    SELECT DISTINCT ON (datastream_id) datastream_id, phenomenon_time, result
    FROM observation_stage
    ORDER BY datastream_id, phenomenon_time DESC, seq DESC
)
UPDATE tweeling.datastream AS d
SET latest_time   = newest.phenomenon_time,
    latest_result = newest.result
FROM newest
WHERE d.id = newest.datastream_id
  AND (d.latest_time IS NULL OR newest.phenomenon_time >= d.latest_time)
