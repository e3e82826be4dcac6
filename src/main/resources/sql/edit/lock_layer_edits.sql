-- Serialises the edits of one layer across every app instance: the lock is held until the edit's transaction
-- ends, so edits of a layer see each other's versions and registry statistics.
-- Parameters: 1 layer id.
SELECT pg_advisory_xact_lock(hashtext('tweeling.edit'), hashtext(?))
