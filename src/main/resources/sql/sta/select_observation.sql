-- One observation as a PATCH needs it, locked until commit.
-- Parameters: 1 observation id.
SELECT o.datastream_id,
       o.phenomenon_time,
       o.phenomenon_time_end,
       o.result,
       o.result_json::text,
       o.quality,
       o.result_time,
       lower(o.valid_time),
       upper(o.valid_time),
       o.parameters::text,
       o.feature_of_interest_id
FROM tweeling.observation AS o
WHERE o.id = ?
FOR UPDATE
