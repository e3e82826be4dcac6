-- A Sensor created through the SensorThings API; its key is made from its id.
-- Parameters: 1 name, 2 description, 3 encoding type, 4 metadata, 5 properties (JSON object text).
INSERT INTO tweeling.sensor (id, key, name, description, encoding_type, metadata, properties, source)
OVERRIDING SYSTEM VALUE
SELECT n.id, 'sta-sensor-' || n.id, ?, ?, ?, ?, CAST(? AS jsonb), 'sta'
FROM (SELECT nextval(pg_get_serial_sequence('tweeling.sensor', 'id')) AS id) AS n
RETURNING id
