-- The layers a scenario edited, with their shadow tables.
-- Parameters: scenario id.
SELECT e.layer_id, l.shadow_table, e.first_revision
FROM tweeling.scenario_edit AS e
JOIN tweeling.scenario_layer AS l
  ON l.layer_id = e.layer_id
WHERE e.scenario_id = ?
ORDER BY e.layer_id
