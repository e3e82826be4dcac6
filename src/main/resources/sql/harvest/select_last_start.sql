-- When each harvester's newest run started (the scheduler compares it with the harvester's interval).
-- Parameters: none.
SELECT inputs ->> 'harvester' AS harvester,
       max(created_at)        AS last_start
FROM tweeling.job
WHERE kind = 'harvest'
GROUP BY inputs ->> 'harvester'
