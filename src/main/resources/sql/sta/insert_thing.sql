-- A Thing created through the SensorThings API; its key (unique, what ingest messages name) is made from its id.
-- Parameters: 1 name, 2 description, 3 properties (JSON object text).
INSERT INTO tweeling.thing (id, key, name, description, properties, source)
OVERRIDING SYSTEM VALUE
SELECT n.id, 'sta-thing-' || n.id, ?, ?, CAST(? AS jsonb), 'sta'
FROM (SELECT nextval(pg_get_serial_sequence('tweeling.thing', 'id')) AS id) AS n
RETURNING id
