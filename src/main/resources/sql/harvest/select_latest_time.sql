-- The newest phenomenon time stored for a datastream (for incremental harvests), or no row.
-- Parameters: 1 datastream key.
SELECT max(o.phenomenon_time) AS latest
FROM tweeling.observation AS o
JOIN tweeling.datastream AS d ON d.id = o.datastream_id
WHERE d.key = ?
