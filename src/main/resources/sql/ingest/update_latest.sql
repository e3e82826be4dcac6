-- Keeps each datastream's latest value current: for each datastream of a batch, its newest time in the
-- batch; the value is read from the stored row (so a stale redelivery that the merge refused is not used).
-- The ids come sorted (the lock order, so concurrent writers cannot deadlock on datastream rows).
-- Parameters: 1 datastream ids (bigint[]), 2 their newest times in the batch (timestamptz[]).
UPDATE tweeling.datastream AS d
SET latest_time   = o.phenomenon_time,
    latest_result = o.result
FROM unnest(?::bigint[], ?::timestamptz[]) AS n (datastream_id, phenomenon_time)
JOIN tweeling.observation AS o
  ON o.datastream_id = n.datastream_id AND o.phenomenon_time = n.phenomenon_time
WHERE d.id = n.datastream_id
  AND (d.latest_time IS NULL OR n.phenomenon_time >= d.latest_time)
