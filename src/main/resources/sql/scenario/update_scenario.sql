-- Changes a scenario's name, description and visibility (a null keeps the value).
-- Parameters: name, description, visibility, scenario id.
UPDATE tweeling.scenario
SET name = coalesce(?, name),
    description = coalesce(?, description),
    visibility = coalesce(?, visibility)
WHERE id = ?
