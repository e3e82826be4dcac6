-- The number of all observations: the per-datastream counts the write path keeps (V015), added up, so
-- an exact $count on /Observations reads one row per datastream instead of scanning every partition.
-- Parameters: none.
SELECT coalesce(sum(n), 0)
FROM tweeling.datastream_observation_count
