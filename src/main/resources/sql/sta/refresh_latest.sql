-- Each datastream's latest value from its newest stored observation (after observations were deleted or moved).
-- Parameters: 1 datastream ids (bigint[]).
UPDATE tweeling.datastream AS d
SET latest_time   = l.phenomenon_time,
    latest_result = l.result
FROM unnest(?::bigint[]) AS i (id)
LEFT JOIN LATERAL (SELECT o.phenomenon_time, o.result
                   FROM tweeling.observation AS o
                   WHERE o.datastream_id = i.id
                   ORDER BY o.phenomenon_time DESC
                   LIMIT 1) AS l ON true
WHERE d.id = i.id
