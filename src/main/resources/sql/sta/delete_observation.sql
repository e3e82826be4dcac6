-- Deletes one Observation; returns its datastream.
-- Parameters: 1 observation id.
DELETE FROM tweeling.observation
WHERE id = ?
RETURNING datastream_id
