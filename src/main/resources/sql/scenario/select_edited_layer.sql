-- The shadow table of a layer when the scenario edited that layer (no row otherwise).
-- Parameters: scenario id, layer id.
SELECT l.shadow_table
FROM tweeling.scenario_edit AS e
JOIN tweeling.scenario_layer AS l
  ON l.layer_id = e.layer_id
WHERE e.scenario_id = ?
  AND e.layer_id = ?
