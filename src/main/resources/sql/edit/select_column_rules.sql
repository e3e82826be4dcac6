-- The catalog's rules for the columns of one layer table: whether each may be NULL, has a default, or is
-- generated (or an identity). What the edit validation needs beyond the registry's column list.
-- Parameters: 1 table schema, 2 table name.
SELECT a.attname                                   AS column_name,
       NOT a.attnotnull                            AS nullable,
       a.atthasdef AND a.attgenerated = ''         AS has_default,
       a.attgenerated <> '' OR a.attidentity <> '' AS generated
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS c
  ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n
  ON n.oid = c.relnamespace
WHERE n.nspname = ?
  AND c.relname = ?
  AND a.attnum > 0
  AND NOT a.attisdropped
