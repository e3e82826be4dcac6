-- A new scenario at revision 0.
-- Parameters: name, description, owner, visibility, base instant (null: the live baseline).
INSERT INTO tweeling.scenario (name, description, owner, visibility, base_at)
VALUES (?, ?, ?, ?, ?)
RETURNING id
