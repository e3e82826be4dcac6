-- The indexes of a first load's table, those of create_layer_table.sql and create_layer_indexes.sql; each
-- statement stands alone, so that several sessions build them at the same time (longest first). The
-- primary key's index is attached as the key afterwards, and the identity continues after the highest fid
-- COPY wrote (load_table_key.sql).
-- {table} is the load table, quoted; {pk} the name of the primary key's index. No parameters.
CREATE INDEX ON {table} USING gist (geom, geom_crs84);
CREATE UNIQUE INDEX ON {table} (feature_id, valid_from);
CREATE UNIQUE INDEX ON {table} (feature_id) WHERE valid_to IS NULL;
CREATE UNIQUE INDEX {pk} ON {table} (fid)
