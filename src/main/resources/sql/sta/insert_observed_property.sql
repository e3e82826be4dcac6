-- An ObservedProperty created through the SensorThings API: its text key (what ingest, aggregates and streams
-- name, e.g. observedProperty=sta-op-12) is made from its SensorThings id; its unit lives on its Datastreams,
-- and it has no plausible range (no range check on ingest).
-- Parameters: 1 name, 2 definition, 3 description, 4 properties (JSON object text).
INSERT INTO tweeling.observed_property (sta_id, id, name, definition, description, properties, unit_name, unit_symbol)
OVERRIDING SYSTEM VALUE
SELECT n.id, 'sta-op-' || n.id, ?, ?, ?, CAST(? AS jsonb), '', ''
FROM (SELECT nextval(pg_get_serial_sequence('tweeling.observed_property', 'sta_id')) AS id) AS n
RETURNING sta_id
