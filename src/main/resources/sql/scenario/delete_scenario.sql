-- Removes a scenario with its revisions and its list of edited layers.
-- Parameters: scenario id.
DELETE FROM tweeling.scenario
WHERE id = ?
