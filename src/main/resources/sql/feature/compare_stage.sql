-- Compares the staged snapshot with the layer's current versions.
-- {table} is the layer's table from the registry; {current_hash} a current row's content hash (the stored
-- one, or the expression that computes it where a first load left it NULL: FeatureVersionRepository.merge).
-- No parameters.
SELECT count(*) FILTER (WHERE t.feature_id IS NULL)                 AS new,
       count(*) FILTER (WHERE t.feature_id IS NOT NULL AND {current_hash} <> s.content_hash) AS changed,
       count(*) FILTER (WHERE t.feature_id IS NOT NULL AND {current_hash} = s.content_hash)  AS unchanged
FROM feature_stage AS s
LEFT JOIN {table} AS t
  ON t.feature_id = s.feature_id
 AND t.valid_to IS NULL
