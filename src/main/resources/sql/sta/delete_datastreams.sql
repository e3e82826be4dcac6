-- Deletes Datastreams with their Observations (the rollup triggers remove their rollups).
-- Parameters: 1 datastream ids (bigint[]), 2 the same.
WITH observations AS (
    -- their observations, in every partition
    DELETE FROM tweeling.observation
    WHERE datastream_id = ANY (?::bigint[])
)
DELETE FROM tweeling.datastream
WHERE id = ANY (?::bigint[])
