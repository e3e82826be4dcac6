-- The indexes of a new layer's table, as the base layers have them: one current version per feature,
-- (feature_id, valid_from) for history, spatial indexes on both geometries. {table} as in
-- create_layer_table.sql. No parameters.
CREATE UNIQUE INDEX ON {table} (feature_id) WHERE valid_to IS NULL;
CREATE UNIQUE INDEX ON {table} (feature_id, valid_from);
CREATE INDEX ON {table} USING gist (geom);
CREATE INDEX ON {table} USING gist (geom_crs84)
