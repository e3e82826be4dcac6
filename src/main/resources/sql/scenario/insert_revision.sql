-- One revision of a scenario: who made it and what it did.
-- Parameters: scenario id, number, key holder, message.
INSERT INTO tweeling.scenario_revision (scenario_id, number, created_by, message)
VALUES (?, ?, ?, ?)
