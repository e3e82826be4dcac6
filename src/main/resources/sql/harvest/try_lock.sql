-- Takes the session advisory lock of one harvester without waiting: true when this session holds it now.
-- Parameters: 1 harvester id.
SELECT pg_try_advisory_lock(hashtext('tweeling.harvest'), hashtext(?))
