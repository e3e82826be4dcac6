-- Harvesters registered through the API.
-- Parameters: none.
SELECT id,
       type,
       url,
       extract(epoch FROM every)::bigint AS every_s,
       options::text                     AS options
FROM tweeling.harvester
ORDER BY id
