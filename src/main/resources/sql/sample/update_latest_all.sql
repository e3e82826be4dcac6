-- Sets every datastream's latest value from its newest observation.
-- Parameters: none.
UPDATE tweeling.datastream AS d
SET latest_time   = newest.phenomenon_time,
    latest_result = newest.result
FROM (
    -- newest observation per datastream (uses the primary key index backwards)
    SELECT ds.id,
           o.phenomenon_time,
           o.result
    FROM tweeling.datastream AS ds
    CROSS JOIN LATERAL (
        SELECT phenomenon_time, result
        FROM tweeling.observation
        WHERE datastream_id = ds.id
        ORDER BY phenomenon_time DESC
        LIMIT 1
    ) AS o
) AS newest
WHERE d.id = newest.id
  AND d.latest_time IS DISTINCT FROM newest.phenomenon_time
