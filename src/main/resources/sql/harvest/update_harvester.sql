-- Replaces the definition of a harvester registered through the API (PUT /harvesters/{id}); no row returned
-- when it does not exist (any more).
-- Parameters: 1 type, 2 url, 3 interval in seconds (or NULL), 4 options (JSON text), 5 id.
UPDATE tweeling.harvester
SET type = ?,
    url = ?,
    every = make_interval(secs => ?::double precision),
    options = ?::jsonb
WHERE id = ?
RETURNING id
