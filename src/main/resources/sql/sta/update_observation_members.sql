-- The SensorThings members of observations that the ingest write does not carry (it writes key, result and
-- quality): interval end, resultTime, validTime, parameters, FeatureOfInterest, and resultQuality again (a
-- duplicate result leaves the ingest write's quality as it was). Rows already so are not touched.
-- Parameters: arrays of one element per observation: 1 datastream ids, 2 phenomenon times, 3 interval ends,
-- 4 result times, 5 validTime starts, 6 validTime ends, 7 parameters (JSON text), 8 feature of interest ids,
-- 9 result qualities.
UPDATE tweeling.observation AS o
SET phenomenon_time_end    = x.time_end,
    result_time            = x.result_time,
    valid_time             = CASE WHEN x.valid_from IS NULL THEN NULL ELSE tstzrange(x.valid_from, x.valid_to, '[]') END,
    parameters             = CAST(x.parameters AS jsonb),
    feature_of_interest_id = x.foi,
    quality                = x.quality
FROM unnest(?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[],
            ?::text[], ?::bigint[], ?::text[])
     AS x (datastream_id, phenomenon_time, time_end, result_time, valid_from, valid_to, parameters, foi, quality)
WHERE o.datastream_id = x.datastream_id
  AND o.phenomenon_time = x.phenomenon_time
  AND (o.phenomenon_time_end, o.result_time, o.valid_time, o.parameters, o.feature_of_interest_id, o.quality)
      IS DISTINCT FROM
      (x.time_end, x.result_time,
       CASE WHEN x.valid_from IS NULL THEN NULL ELSE tstzrange(x.valid_from, x.valid_to, '[]') END,
       CAST(x.parameters AS jsonb), x.foi, x.quality)
