-- Inserts the sample's week of observations so that it ends at the load instant while keeping its
-- rhythm on the clock: offset 0 is a Monday 00:00 local time (the Monday at or before now); samples
-- that would fall more than a week before now are moved one week later. The week before now is thus
-- covered exactly, each instant carrying the value of the same weekday and hour in the sample.
-- Existing observations are kept (a reload is a no-op for times already present).
-- Parameters: 1 anchor (Monday 00:00 local, at or before now), 2 now, 3 now, 4 job id.
WITH placed AS (
    -- each sample value at its instant in the generated week
    SELECT s.datastream_key,
           s.result,
           ?::timestamptz + make_interval(secs => s.offset_s) AS t
    FROM sample_observation AS s
),
shifted AS (
    -- the part of that week older than now - 7 days moves one week on
    SELECT datastream_key,
           result,
           CASE WHEN t <= ?::timestamptz - interval '7 days' THEN t + interval '7 days' ELSE t END AS t
    FROM placed
)
INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source, source_run, source_offset)
SELECT d.id,
       shifted.t,
       shifted.result,
       'tweeling-sample',
       ?,
       NULL
FROM shifted
JOIN tweeling.datastream AS d ON d.key = shifted.datastream_key
WHERE shifted.t <= ?::timestamptz
ON CONFLICT (datastream_id, phenomenon_time) DO NOTHING
