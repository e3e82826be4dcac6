-- Dismisses a job that has not ended and is not committing (a run claims progress 100 in its own
-- transaction just before it commits, see claim_finish.sql). One row updated, or none.
-- Parameters: 1 message, 2 job id.
UPDATE tweeling.job
SET status = 'dismissed',
    message = ?,
    finished_at = now(),
    updated_at = now()
WHERE id = ?
  AND status IN ('accepted', 'running')
  AND progress < 100
