-- Ends the current version of every feature the load changed (an upsert: features the load lacks stay).
-- {table} is the layer's table from the registry, {current_hash} as in compare_stage.sql.
-- Parameters: 1 load instant.
UPDATE {table} AS t
SET valid_to = ?
WHERE t.valid_to IS NULL
  AND EXISTS (
      SELECT 1
      FROM feature_stage AS s
      WHERE s.feature_id = t.feature_id
        AND s.content_hash IS DISTINCT FROM {current_hash}
  )
