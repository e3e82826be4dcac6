-- The scenarios a caller sees: its own and the shared ones, or every one for an admin; newest first.
-- Parameters: admin (boolean), the caller's key holder.
SELECT id, name, description, owner, visibility, base_at, created_at, revision, adopted_at, adopted_by
FROM tweeling.scenario
WHERE ?
   OR owner = ?
   OR visibility = 'shared'
ORDER BY id DESC
