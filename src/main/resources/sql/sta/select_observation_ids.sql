-- The ids of stored observations by key, in the order asked.
-- Parameters: 1 datastream ids (bigint[]), 2 phenomenon times (timestamptz[]).
SELECT x.i,
       o.id
FROM unnest(?::bigint[], ?::timestamptz[]) WITH ORDINALITY AS x (datastream_id, phenomenon_time, i)
JOIN tweeling.observation AS o
  ON o.datastream_id = x.datastream_id AND o.phenomenon_time = x.phenomenon_time
