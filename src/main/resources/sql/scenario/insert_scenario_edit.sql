-- Records that a scenario edits a layer (once).
-- Parameters: scenario id, layer id, revision.
INSERT INTO tweeling.scenario_edit (scenario_id, layer_id, first_revision)
VALUES (?, ?, ?)
ON CONFLICT (scenario_id, layer_id) DO NOTHING
