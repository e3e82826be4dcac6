-- One per-buurt figure of a run (the last value written wins). Parameters: 1 job id, 2 figure, 3 buurt code, 4 value.
INSERT INTO tweeling.process_figure (job_id, figure, buurt_code, value)
VALUES (?, ?, ?, ?)
ON CONFLICT (job_id, figure, buurt_code) DO UPDATE
SET value = excluded.value
