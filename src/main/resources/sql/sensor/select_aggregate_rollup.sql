-- Count, sum, min, max and avg per time bucket of one datastream's numeric observations in [start, end), read
-- from the rollups (V009) where they cover whole buckets' parts: tweeling.rollup_cover cuts [start, end) into
-- raw edges, whole UTC hours (observation_hourly) and whole local days (observation_daily). The caller allows
-- hours or days only when every bucket boundary is an hour or a local midnight, so no rollup row straddles a
-- bucket; width_bucket then finds each row's bucket by its start. Percentiles are not here: they need every
-- value (select_aggregate.sql). Buckets without observations are absent; the caller fills them in.
-- Parameters: 1 start, 2 end, 3 use hourly rollups, 4 use daily rollups, 5-7 datastream id (three times),
--             8 bucket boundaries (timestamptz[]: the starts in order, then the last end).
WITH piece AS (
    -- the pieces of [start, end): kind 'r' raw, 'h' hours, 'd' days
    SELECT kind, piece_start, piece_end
    FROM tweeling.rollup_cover(?, ?, ?, ?)
),
part AS (
    -- raw observations of the edges (at most two pieces; partitions pruned at run time)
    SELECT o.phenomenon_time AS t, 1::bigint AS n, o.result AS sum, o.result AS min, o.result AS max
    FROM piece AS p
    JOIN tweeling.observation AS o
      ON o.datastream_id = ?
     AND o.phenomenon_time >= p.piece_start
     AND o.phenomenon_time < p.piece_end
    WHERE p.kind = 'r'
      AND o.result IS NOT NULL
    UNION ALL
    -- whole UTC hours
    SELECT h.hour, h.n, h.sum, h.min, h.max
    FROM piece AS p
    JOIN tweeling.observation_hourly AS h
      ON h.datastream_id = ?
     AND h.hour >= p.piece_start
     AND h.hour < p.piece_end
    WHERE p.kind = 'h'
    UNION ALL
    -- whole local days
    SELECT d.day_start, d.n, d.sum, d.min, d.max
    FROM piece AS p
    JOIN tweeling.observation_daily AS d
      ON d.datastream_id = ?
     AND d.day_start >= p.piece_start
     AND d.day_start < p.piece_end
    WHERE p.kind = 'd'
)
SELECT width_bucket(part.t, ?::timestamptz[]) AS bucket,
       sum(part.n)                          AS n,
       sum(part.sum) / sum(part.n)          AS avg,
       min(part.min)                        AS min,
       max(part.max)                        AS max,
       sum(part.sum)                        AS sum,
       NULL::double precision               AS p50,
       NULL::double precision               AS p95
FROM part
GROUP BY 1
ORDER BY 1
