-- Tables in tweeling_stage that no import needs any more: a run's staging table (run_<job>) or first-load
-- table (load_<job>) whose job has ended or does not exist. A run drops its own tables when it ends; these
-- are what an instance that stopped in the middle of a run left behind. Tables of jobs that are still
-- accepted or running (on any instance) are kept. No parameters.
SELECT c.relname
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = 'tweeling_stage'
  AND c.relkind = 'r'
  AND c.relname ~ '^(run|load)_[0-9a-f]{32}$'
  AND NOT EXISTS (
      SELECT 1
      FROM tweeling.job AS j
      WHERE j.id = substring(c.relname FROM '[0-9a-f]{32}$')::uuid
        AND j.status IN ('accepted', 'running')
  )
ORDER BY c.relname
