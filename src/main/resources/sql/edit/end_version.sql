-- Ends one version of a feature. {table} is the layer's table from the registry.
-- Parameters: 1 the edit's instant, 2 the version's row key.
UPDATE {table} AS t
SET valid_to = ?
WHERE t.fid = ?
  AND t.valid_to IS NULL
