-- What still writes into a layer: imports that are queued or running, and harvesters that load into it.
-- Parameters: layer id (twice).
SELECT 'import job ' || id::text AS writer
FROM tweeling.job
WHERE kind = 'import' AND status IN ('accepted', 'running') AND inputs ->> 'layer' = ?
UNION ALL
SELECT 'harvester ' || id
FROM tweeling.harvester
WHERE options ->> 'layer' = ?
