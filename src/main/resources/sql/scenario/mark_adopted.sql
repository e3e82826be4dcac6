-- Records that a scenario was adopted.
-- Parameters: key holder, scenario id.
UPDATE tweeling.scenario
SET adopted_at = now(),
    adopted_by = ?
WHERE id = ?
