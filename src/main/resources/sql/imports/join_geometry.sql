-- Gives each staged row of an attribute table (a source without geometry) the geometry of the current feature of
-- the joined layer whose key column equals the row's key field (compared as text). Rows without a match keep
-- no geometry and are rejected with that reason by the geometry policy.
-- {stage} the staging table, {target} the joined layer's table, {column} its key column, {field} the source's
-- key field: identifiers from the registry and the staging table, quoted.
UPDATE {stage} AS s
SET "_geom" = t.geom
FROM {target} AS t
WHERE t.valid_to IS NULL
  AND t.{column}::text = trim(s.{field}::text)
