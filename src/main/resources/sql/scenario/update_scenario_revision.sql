-- Makes a revision the scenario's current one.
-- Parameters: revision, scenario id.
UPDATE tweeling.scenario
SET revision = ?
WHERE id = ?
