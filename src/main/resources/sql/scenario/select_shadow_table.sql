-- The shadow table of a layer, when some scenario edited it.
-- Parameters: layer id.
SELECT shadow_table
FROM tweeling.scenario_layer
WHERE layer_id = ?
