-- A Datastream created through the SensorThings API; its key (what ingest messages name) is made from its id.
-- Parameters: 1 thing id, 2 observed property SensorThings id, 3 sensor id, 4 name, 5 description,
-- 6 observation type, 7 unit name, 8 unit symbol, 9 unit definition, 10 observed area (GeoJSON or NULL),
-- 11 properties (JSON object text).
INSERT INTO tweeling.datastream (id, key, thing_id, observed_property, sensor_id, name, description, observation_type,
                                 unit_name, unit_symbol, unit_definition, observed_area, properties, source)
OVERRIDING SYSTEM VALUE
SELECT n.id, 'sta-datastream-' || n.id, ?, (SELECT p.id FROM tweeling.observed_property AS p WHERE p.sta_id = ?), ?,
       ?, ?, ?, ?, ?, ?, ST_Transform(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)), 28992),
       CAST(? AS jsonb), 'sta'
FROM (SELECT nextval(pg_get_serial_sequence('tweeling.datastream', 'id')) AS id) AS n
RETURNING id
