-- PATCH of a Thing: each member given replaces the stored one (NULL parameters: not given).
-- Parameters: 1 name, 2 description, 3 properties (JSON object text), 4 thing id.
UPDATE tweeling.thing
SET name        = coalesce(?, name),
    description = coalesce(?, description),
    properties  = coalesce(CAST(? AS jsonb), properties)
WHERE id = ?
