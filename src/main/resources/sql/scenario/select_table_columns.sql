-- The columns of a table in order, with their types as a column definition writes them and whether the
-- table computes them itself (identity or generated: an INSERT leaves them out).
-- Parameters: the quoted, schema-qualified table name (from the layer registry or tweeling.scenario_layer).
SELECT a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       (a.attidentity <> '' OR a.attgenerated <> '') AS computed
FROM pg_attribute AS a
WHERE a.attrelid = to_regclass(?)
  AND a.attnum > 0
  AND NOT a.attisdropped
ORDER BY a.attnum
