-- Count, sum, min, max and avg per time bucket of one datastream's numeric observations in [start, end), for
-- buckets on a fixed UTC grid of whole five-minute periods (PT5M, PT10M, PT15M, PT20M, PT30M): the whole
-- five-minute periods come from the five-minute rollups (V021), the edges before the first and after the last
-- five-minute mark from the raw rows. A five-minute period never straddles a bucket of such a grid, so each
-- piece is placed by its start with date_bin, as select_aggregate_grid.sql places raw rows; the buckets are
-- numbered from 1, the one holding start. Buckets without observations are absent, the rest come in no
-- particular order (the caller places each by its number).
-- Parameters: 1 datastream id, 2 start, 3 the first five-minute mark at or after start, 4 the last
--             five-minute mark at or before end (4 >= 3), 5 end, 6 datastream id, 7 = 3, 8 = 4,
--             9 the interval (an interval), 10 the start of the first bucket on the grid (epoch seconds),
--             11 the interval in seconds (both double precision: date_part's whole seconds divide exactly, where
--             extract's numeric would cost a tenth of the query).
WITH part AS (
    -- raw observations of the edges [start, first mark) and [last mark, end): usually none or a few
    SELECT b.phenomenon_time AS t, 1 AS n, b.result AS sum, b.result AS min, b.result AS max
    FROM tweeling.observation AS b
    WHERE b.datastream_id = ?
      AND ((b.phenomenon_time >= ? AND b.phenomenon_time < ?)
           OR (b.phenomenon_time >= ? AND b.phenomenon_time < ?))
      AND b.result IS NOT NULL
    UNION ALL
    -- whole five-minute periods
    SELECT f.bucket, f.n, f.sum, f.min, f.max
    FROM tweeling.observation_5min AS f
    WHERE f.datastream_id = ?
      AND f.bucket >= ?
      AND f.bucket < ?
)
SELECT ((date_part('epoch', date_bin(?::interval, part.t, TIMESTAMPTZ '1970-01-01 00:00:00+00')) - ?) / ?)::integer
           + 1                      AS bucket,
       sum(part.n)                  AS n,
       sum(part.sum) / sum(part.n)  AS avg,
       min(part.min)                AS min,
       max(part.max)                AS max,
       sum(part.sum)                AS sum,
       NULL::double precision       AS p50,
       NULL::double precision       AS p95
FROM part
GROUP BY 1
