-- Records the source's field name behind a layer's column (the latest import's spelling wins).
-- Parameters: 1 layer id, 2 column name, 3 original field name.
INSERT INTO tweeling.layer_field (layer_id, column_name, original_name)
VALUES (?, ?, ?)
ON CONFLICT (layer_id, column_name) DO UPDATE SET original_name = EXCLUDED.original_name
