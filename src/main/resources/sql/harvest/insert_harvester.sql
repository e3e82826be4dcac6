-- Registers a harvester from the API; an existing id is a conflict (no row returned).
-- Parameters: 1 id, 2 type, 3 url, 4 interval in seconds (or NULL), 5 options (JSON text), 6 created by.
INSERT INTO tweeling.harvester (id, type, url, every, options, created_by)
VALUES (?, ?, ?, make_interval(secs => ?::double precision), ?::jsonb, ?)
ON CONFLICT (id) DO NOTHING
RETURNING id
