-- Records the source's field name behind a layer's column (the latest import's spelling wins), and the property
-- name the API serves when it is not the column's (a safe name longer than 63 bytes).
-- Parameters: 1 layer id, 2 column name, 3 original field name, 4 property name or NULL.
INSERT INTO tweeling.layer_field (layer_id, column_name, original_name, property_name)
VALUES (?, ?, ?, ?)
ON CONFLICT (layer_id, column_name) DO UPDATE SET original_name = EXCLUDED.original_name,
                                                  property_name = EXCLUDED.property_name
