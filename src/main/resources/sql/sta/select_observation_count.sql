-- The number of observations of one datastream, as the write path keeps it (V015).
-- Parameters: 1 datastream id.
SELECT n
FROM tweeling.datastream_observation_count
WHERE datastream_id = ?
