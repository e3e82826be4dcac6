-- A Location's properties (to set or clear the service-area flag in them).
-- Parameters: 1 location id.
SELECT properties::text
FROM tweeling.location
WHERE id = ?
