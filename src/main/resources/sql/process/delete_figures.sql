-- Removes a job's per-buurt figures (its results are deleted with the job). Parameters: 1 job id.
DELETE FROM tweeling.process_figure
WHERE job_id = ?
