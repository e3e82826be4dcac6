-- The id of a datastream named by its key.
-- Parameters: 1 key.
SELECT id
FROM tweeling.datastream
WHERE key = ?
