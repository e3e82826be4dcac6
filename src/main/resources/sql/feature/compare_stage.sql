-- Compares the staged snapshot with the layer's current versions.
-- {table} is the layer's table from the registry; no parameters.
SELECT count(*) FILTER (WHERE t.feature_id IS NULL)                 AS new,
       count(*) FILTER (WHERE t.content_hash <> s.content_hash)     AS changed,
       count(*) FILTER (WHERE t.content_hash = s.content_hash)      AS unchanged
FROM feature_stage AS s
LEFT JOIN {table} AS t
  ON t.feature_id = s.feature_id
 AND t.valid_to IS NULL
