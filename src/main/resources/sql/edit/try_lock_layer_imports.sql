-- Takes, without waiting, the lock every import of a layer holds while it writes (the key of
-- feature/lock_layer_for_removal.sql): false while an import of that layer commits. An import that starts
-- meanwhile waits for the edit's (short) transaction.
-- Parameters: 1 layer id.
SELECT pg_try_advisory_xact_lock(hashtext('tweeling.import'), hashtext(?))
