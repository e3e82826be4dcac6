-- Datastreams with their thing, observed property, unit, location (CRS84) and latest value, as JSON.
-- Parameters: 1 datastream id or NULL for all.
SELECT json_build_object(
           'id', d.id,
           'key', d.key,
           'name', d.name,
           'description', d.description,
           'observationType', d.observation_type,
           'observedProperty', json_build_object('id', p.id, 'name', p.name, 'definition', p.definition),
           'unitOfMeasurement', json_build_object('name', p.unit_name, 'symbol', p.unit_symbol),
           'thing', json_build_object('id', t.id, 'key', t.key, 'name', t.name),
           'location', ST_AsGeoJSON(ST_Transform(COALESCE(d.geom, t.geom), 4326), 7)::json,
           'latest', CASE WHEN d.latest_time IS NULL THEN NULL
                          ELSE json_build_object('phenomenonTime', d.latest_time, 'result', d.latest_result)
                     END,
           'source', d.source
       )::text
FROM tweeling.datastream AS d
JOIN tweeling.thing AS t ON t.id = d.thing_id
JOIN tweeling.observed_property AS p ON p.id = d.observed_property
WHERE (?::bigint IS NULL OR d.id = ?::bigint)
ORDER BY d.id
