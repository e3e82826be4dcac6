-- Registers a layer that an import created, so that it is served as an OGC API collection.
-- Parameters: 1 id, 2 title, 3 description, 4 table schema, 5 table name, 6 geometry type, 7 source.
INSERT INTO tweeling.layer (id, title, description, table_schema, table_name, geometry_type, source, licence)
VALUES (?, ?, ?, ?, ?, ?, ?, 'unknown')
