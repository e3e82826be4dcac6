-- Takes, without waiting, the lock every import of a layer holds while it writes (the same key as the import
-- transaction and the first load): false while an import of that layer runs.
-- Parameters: layer id.
SELECT pg_try_advisory_xact_lock(hashtext('tweeling.import'), hashtext(?))
