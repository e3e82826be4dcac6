-- The Datastreams a DELETE takes along (SensorThings integrity: a Thing's, a Sensor's, an ObservedProperty's,
-- or the one deleted), locked until commit. Parameters may be NULL.
-- Parameters: 1 thing id, 2 sensor id, 3 observed property SensorThings id, 4 datastream id.
SELECT d.id
FROM tweeling.datastream AS d
WHERE d.thing_id = ?
   OR d.sensor_id = ?
   OR d.observed_property = (SELECT p.id FROM tweeling.observed_property AS p WHERE p.sta_id = ?)
   OR d.id = ?
ORDER BY d.id
FOR UPDATE OF d
