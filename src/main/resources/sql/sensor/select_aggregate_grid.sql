-- Statistics per time bucket of one datastream's numeric observations (result IS NOT NULL) in [start, end),
-- when the buckets are a fixed grid in UTC (Buckets.Interval.fixedGrid: minutes dividing an hour, or PT1H):
-- date_bin gives each observation the start of its bucket on the grid of the interval from the epoch; the
-- buckets are numbered from 1, the one holding the start. The same result as select_aggregate.sql, without
-- binding and searching an array of boundaries. Buckets without observations are absent, and the rest come in
-- no particular order: the caller places each by its number and fills in the others. {percentiles} is p50 and p95 when they are asked for, two NULLs otherwise (as in
-- select_aggregate.sql).
-- Parameters: 1 the start of the first bucket on the grid (epoch seconds), 2 the interval in seconds,
--             3 the interval (an interval, so a generic plan computes nothing per row), 4 datastream id,
--             5 start (inclusive), 6 end (exclusive).
SELECT ((extract(epoch FROM g.bucket_start) - ?) / ?)::integer + 1 AS bucket,
       g.n, g.avg, g.min, g.max, g.sum, g.p50, g.p95
FROM (SELECT date_bin(?::interval, b.phenomenon_time, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS bucket_start,
             count(*)      AS n,
             avg(b.result) AS avg,
             min(b.result) AS min,
             max(b.result) AS max,
             sum(b.result) AS sum,
             {percentiles}
      FROM tweeling.observation AS b
      WHERE b.datastream_id = ?
        AND b.phenomenon_time >= ?
        AND b.phenomenon_time < ?
        AND b.result IS NOT NULL
      GROUP BY 1) AS g
