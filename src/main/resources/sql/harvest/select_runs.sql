-- The latest runs (jobs) of one harvester, newest first.
-- Parameters: 1 harvester id, 2 limit.
SELECT id
FROM tweeling.job
WHERE kind = 'harvest'
  AND inputs ->> 'harvester' = ?
ORDER BY created_at DESC
LIMIT ?
