-- The job list (GET /jobs, OGC API – Processes "job-list"): the newest first, filtered; every value is bound and a
-- filter whose parameter is NULL (or an empty array) is off. Duration: from start (else creation) to the end (else
-- now), in seconds.
-- Parameters: 1, 2 creator (NULL: every job, for an admin key); 3, 4 kinds (text[]); 5, 6 statuses (text[]);
-- 7, 8 created at or after; 9, 10 created at or before; 11, 12 minimum duration; 13, 14 maximum duration;
-- 15 limit; 16 offset.
SELECT id
FROM tweeling.job
WHERE (?::text IS NULL OR created_by = ?::text)
  AND (cardinality(?::text[]) = 0 OR kind = ANY (?::text[]))
  AND (cardinality(?::text[]) = 0 OR status = ANY (?::text[]))
  AND (?::timestamptz IS NULL OR created_at >= ?::timestamptz)
  AND (?::timestamptz IS NULL OR created_at <= ?::timestamptz)
  AND (?::float8 IS NULL
       OR extract(epoch FROM coalesce(finished_at, now()) - coalesce(started_at, created_at)) >= ?::float8)
  AND (?::float8 IS NULL
       OR extract(epoch FROM coalesce(finished_at, now()) - coalesce(started_at, created_at)) <= ?::float8)
ORDER BY created_at DESC, id
LIMIT ?
OFFSET ?
