-- The columns of a registered layer's table (its properties and the platform's own columns).
-- Parameters: layer id.
SELECT a.attname
FROM tweeling.layer l
JOIN pg_catalog.pg_namespace n ON n.nspname = l.table_schema
JOIN pg_catalog.pg_class t ON t.relnamespace = n.oid AND t.relname = l.table_name
JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE l.id = ?
