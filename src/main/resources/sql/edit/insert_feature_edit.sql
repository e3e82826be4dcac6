-- Records one edit made through the API: who (the API key's name), what and when (V017).
-- Parameters: 1 edit id, 2 layer id, 3 feature id, 4 operation, 5 holder, 6 the edit's instant, 7 scenario id
-- (null for the baseline).
INSERT INTO tweeling.feature_edit (id, layer_id, feature_id, operation, holder, edited_at, scenario_id)
VALUES (?, ?, ?, ?, ?, ?, ?)
