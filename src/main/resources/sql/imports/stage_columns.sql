-- The attribute columns of an import's staging table (written by ogr2ogr), in table order.
-- Parameters: 1 schema, 2 table.
SELECT a.attname                              AS name,
       format_type(a.atttypid, a.atttypmod)   AS type
FROM pg_attribute AS a
JOIN pg_class AS c ON c.oid = a.attrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = ?
  AND c.relname = ?
  AND a.attnum > 0
  AND NOT a.attisdropped
ORDER BY a.attnum
