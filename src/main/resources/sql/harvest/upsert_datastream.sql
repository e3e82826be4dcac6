-- Registers a harvested series as a datastream of its thing, at the thing's location; idempotent.
-- Parameters: 1 key, 2 observed property, 3 name, 4 description, 5 source, 6 job id, 7 source id, 8 thing key.
INSERT INTO tweeling.datastream AS d (key, thing_id, observed_property, name, description, geom, source, source_run, source_id)
SELECT ?, t.id, ?, ?, ?, t.geom, ?, ?, ?
FROM tweeling.thing AS t
WHERE t.key = ?
ON CONFLICT (key) DO UPDATE
SET thing_id          = EXCLUDED.thing_id,
    observed_property = EXCLUDED.observed_property,
    name              = EXCLUDED.name,
    description       = EXCLUDED.description,
    geom              = EXCLUDED.geom,
    source_run        = EXCLUDED.source_run
WHERE (d.thing_id, d.observed_property, d.name, d.description)
      IS DISTINCT FROM (EXCLUDED.thing_id, EXCLUDED.observed_property, EXCLUDED.name, EXCLUDED.description)
   OR NOT coalesce(ST_Equals(d.geom, EXCLUDED.geom), d.geom IS NULL AND EXCLUDED.geom IS NULL)
