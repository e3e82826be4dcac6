-- Statistics per time bucket of one datastream's numeric observations (result IS NOT NULL) in [start, end).
-- The buckets are computed in Java (sensor/Buckets: aligned to Europe/Amsterdam) and bound as their sorted
-- start instants followed by the last end; width_bucket finds each observation's bucket by binary search, so
-- the cost is one pass over the observations, not buckets × observations. Buckets without observations are
-- absent here and filled in by the caller. Partition pruning applies: the time bounds are plain comparisons.
-- {percentiles} is p50 and p95 (percentile_cont, which sorts each bucket's values) when they are asked for,
-- two NULLs otherwise (SensorRepository.PERCENTILES, NO_PERCENTILES).
-- Parameters: 1 bucket boundaries (timestamptz[]), 2 datastream id, 3 start (inclusive), 4 end (exclusive).
SELECT b.bucket,
       count(*)                                            AS n,
       avg(b.result)                                       AS avg,
       min(b.result)                                       AS min,
       max(b.result)                                       AS max,
       sum(b.result)                                       AS sum,
       {percentiles}
FROM (SELECT width_bucket(o.phenomenon_time, ?::timestamptz[]) AS bucket,
             o.result
      FROM tweeling.observation AS o
      WHERE o.datastream_id = ?
        AND o.phenomenon_time >= ?
        AND o.phenomenon_time < ?
        AND o.result IS NOT NULL) AS b
GROUP BY b.bucket
ORDER BY b.bucket
