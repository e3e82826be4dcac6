-- The revisions of a scenario, oldest first.
-- Parameters: scenario id.
SELECT number, created_at, created_by, message
FROM tweeling.scenario_revision
WHERE scenario_id = ?
ORDER BY number
