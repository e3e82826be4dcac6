-- PATCH of an ObservedProperty (NULL parameters: not given).
-- Parameters: 1 name, 2 definition, 3 description, 4 properties (JSON object text), 5 SensorThings id.
UPDATE tweeling.observed_property
SET name        = coalesce(?, name),
    definition  = coalesce(?, definition),
    description = coalesce(?, description),
    properties  = coalesce(CAST(? AS jsonb), properties)
WHERE sta_id = ?
