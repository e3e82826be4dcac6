-- Registers the shadow table of a layer.
-- Parameters: layer id, shadow table name (unqualified; schema tweeling_scenario).
INSERT INTO tweeling.scenario_layer (layer_id, shadow_table)
VALUES (?, ?)
