-- The indexes of a result layer's table once the run has written it, as the base layers have them: one current
-- version per feature, (feature_id, valid_from) for history, one spatial index over both geometries (V005).
-- {table} as in create_result_table.sql. No parameters.
CREATE UNIQUE INDEX ON {table} (feature_id) WHERE valid_to IS NULL;
CREATE UNIQUE INDEX ON {table} (feature_id, valid_from);
CREATE INDEX ON {table} USING gist (geom, geom_crs84)
