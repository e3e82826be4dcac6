-- The columns of a registered layer's table (its properties and the platform's own columns), and whether a row
-- must have a value for each (NOT NULL, without a default, not generated).
-- Parameters: layer id.
SELECT a.attname,
       a.attnotnull AND NOT a.atthasdef AND a.attgenerated = '' AND a.attidentity = '' AS required
FROM tweeling.layer l
JOIN pg_catalog.pg_namespace n ON n.nspname = l.table_schema
JOIN pg_catalog.pg_class t ON t.relnamespace = n.oid AND t.relname = l.table_name
JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE l.id = ?
