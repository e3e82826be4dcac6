-- Who may read a layer an import just created (in the import's transaction).
-- Parameters: access level, restricted properties (JSON object), layer id.
UPDATE tweeling.layer
SET access = ?, restricted = ?::jsonb
WHERE id = ?
