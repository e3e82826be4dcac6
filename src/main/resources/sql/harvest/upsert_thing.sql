-- Registers a harvested station or site as a thing; a second harvest changes nothing unless the source did.
-- A thing without a location keeps the one it has.
-- Parameters: 1 key, 2 name, 3 description, 4 lon (CRS84, or NULL), 5 lat, 6 source, 7 job id, 8 source id.
INSERT INTO tweeling.thing AS t (key, name, description, geom, source, source_run, source_id)
VALUES (?, ?, ?,
        ST_Transform(ST_SetSRID(ST_MakePoint(?::double precision, ?::double precision), 4326), 28992),
        ?, ?, ?)
ON CONFLICT (key) DO UPDATE
SET name        = EXCLUDED.name,
    description = EXCLUDED.description,
    geom        = coalesce(EXCLUDED.geom, t.geom),
    source_run  = EXCLUDED.source_run
WHERE (t.name, t.description) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description)
   OR (EXCLUDED.geom IS NOT NULL AND NOT coalesce(ST_Equals(t.geom, EXCLUDED.geom), false))
