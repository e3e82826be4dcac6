-- The indexes of a new layer's table, as the base layers have them: one current version per feature,
-- (feature_id, valid_from) for history, one spatial index over both geometries (V005); and the lineage key to the
-- run's job, checked here in one pass. Run after the first load. {table} as in create_layer_table.sql.
-- No parameters.
CREATE UNIQUE INDEX ON {table} (feature_id) WHERE valid_to IS NULL;
CREATE UNIQUE INDEX ON {table} (feature_id, valid_from);
CREATE INDEX ON {table} USING gist (geom, geom_crs84);
ALTER TABLE {table} ADD FOREIGN KEY (source_run) REFERENCES tweeling.job (id)
