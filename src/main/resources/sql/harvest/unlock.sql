-- Releases the session advisory lock of one harvester.
-- Parameters: 1 harvester id.
SELECT pg_advisory_unlock(hashtext('tweeling.harvest'), hashtext(?))
