-- A page of one datastream's observations in time order (keyset paging on phenomenon time).
-- Partition pruning applies: the time bounds are plain comparisons on the partition key.
-- Parameters: 1 datastream id, 2 start (inclusive, or -infinity), 3 cursor (exclusive, or -infinity),
--             4 end (inclusive, or infinity), 5 page size + 1.
SELECT o.phenomenon_time,
       o.result,
       o.result_json::text,
       o.quality
FROM tweeling.observation AS o
WHERE o.datastream_id = ?
  AND o.phenomenon_time >= ?
  AND o.phenomenon_time > ?
  AND o.phenomenon_time <= ?
ORDER BY o.phenomenon_time
LIMIT ?
