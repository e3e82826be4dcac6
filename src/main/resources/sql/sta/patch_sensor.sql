-- PATCH of a Sensor (NULL parameters: not given).
-- Parameters: 1 name, 2 description, 3 encoding type, 4 metadata, 5 properties (JSON object text), 6 sensor id.
UPDATE tweeling.sensor
SET name          = coalesce(?, name),
    description   = coalesce(?, description),
    encoding_type = coalesce(?, encoding_type),
    metadata      = coalesce(?, metadata),
    properties    = coalesce(CAST(? AS jsonb), properties)
WHERE id = ?
