-- Removes a scenario's versions from a shadow table (the scenario is deleted).
-- {shadow} the quoted shadow table. Parameters: scenario id.
DELETE FROM {shadow}
WHERE scn_id = ?
