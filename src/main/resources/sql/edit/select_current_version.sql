-- The current version of one feature, locked until the edit's transaction ends.
-- {table} is the layer's table from the registry. Parameters: 1 feature id.
SELECT t.fid,
       t.valid_from
FROM {table} AS t
WHERE t.feature_id = ?
  AND t.valid_to IS NULL
FOR UPDATE
