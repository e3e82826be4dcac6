-- Ends the current version of every feature of the layer that the snapshot changed or no longer has,
-- whatever source wrote it (an import is a snapshot of the whole layer).
-- {table} is the layer's table from the registry, {current_hash} as in compare_stage.sql.
-- Parameters: 1 load instant.
UPDATE {table} AS t
SET valid_to = ?
WHERE t.valid_to IS NULL
  AND NOT EXISTS (
      SELECT 1
      FROM feature_stage AS s
      WHERE s.feature_id = t.feature_id
        AND s.content_hash = {current_hash}
  )
