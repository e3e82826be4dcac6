-- Removes a harvester registered through the API (DELETE /harvesters/{id}); its jobs stay (they name it in
-- their inputs only). No row returned when it does not exist.
-- Parameters: 1 id.
DELETE FROM tweeling.harvester
WHERE id = ?
RETURNING id
