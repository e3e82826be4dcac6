-- One scenario. {lock} is empty or FOR UPDATE (a change to the scenario holds its row until it commits).
-- Parameters: scenario id.
SELECT id, name, description, owner, visibility, base_at, created_at, revision, adopted_at, adopted_by
FROM tweeling.scenario
WHERE id = ?
{lock}
