-- A finished process job whose results are deleted (DELETE /jobs/{id}): it keeps its row (lineage of what it
-- read), with status dismissed. Parameters: 1 message, 2 job id.
UPDATE tweeling.job
SET status = 'dismissed',
    message = ?,
    updated_at = now()
WHERE id = ?
  AND status IN ('successful', 'failed')
