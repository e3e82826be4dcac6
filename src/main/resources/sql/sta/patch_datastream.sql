-- PATCH of a Datastream (NULL parameters: not given; the unit and observed area carry a flag, since NULL is a
-- value they may take).
-- Parameters: 1 name, 2 description, 3 observation type, 4 properties (JSON object text), 5 thing id,
-- 6 sensor id, 7 observed property SensorThings id, 8 unit given (boolean), 9 unit name, 10 unit given,
-- 11 unit symbol, 12 unit given, 13 unit definition, 14 observed area given (boolean), 15 GeoJSON geometry,
-- 16 datastream id.
UPDATE tweeling.datastream
SET name              = coalesce(?, name),
    description       = coalesce(?, description),
    observation_type  = coalesce(?, observation_type),
    properties        = coalesce(CAST(? AS jsonb), properties),
    thing_id          = coalesce(?, thing_id),
    sensor_id         = coalesce(?, sensor_id),
    observed_property = coalesce((SELECT p.id FROM tweeling.observed_property AS p WHERE p.sta_id = ?), observed_property),
    unit_name         = CASE WHEN ? THEN ? ELSE unit_name END,
    unit_symbol       = CASE WHEN ? THEN ? ELSE unit_symbol END,
    unit_definition   = CASE WHEN ? THEN ? ELSE unit_definition END,
    observed_area     = CASE WHEN ? THEN ST_Transform(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)), 28992)
                             ELSE observed_area END
WHERE id = ?
