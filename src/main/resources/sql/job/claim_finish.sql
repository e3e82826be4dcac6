-- Inside a run's transaction, just before it commits: the run claims its end, so a concurrent dismissal
-- (dismiss_job.sql) waits for this row and then leaves it alone. No row updated: the job was dismissed.
-- Parameters: 1 job id.
UPDATE tweeling.job
SET progress = 100,
    updated_at = now()
WHERE id = ?
  AND status = 'running'
