-- Copies every row of a layer table into an empty table of the same shape (create_layer_table.sql), in
-- fid order, so the copy starts as the original: same features, versions and lineage (new fids).
-- psql variables: source and target (schema-qualified tables), columns (the columns both have, quoted
-- and comma-separated, without fid and the generated geom_crs84).
INSERT INTO :target (:columns)
SELECT :columns
FROM :source
ORDER BY fid;
