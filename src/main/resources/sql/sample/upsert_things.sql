-- Registers the sample's things, updating those whose name, description or location changed.
-- Parameters: 1 job id.
INSERT INTO tweeling.thing AS t (key, name, description, geom, source, source_run, source_id)
SELECT s.key,
       s.name,
       coalesce(s.description, ''),
       ST_SetSRID(ST_MakePoint(s.x, s.y), 28992),
       'tweeling-sample',
       ?,
       s.key
FROM sample_thing AS s
ON CONFLICT (key) DO UPDATE
SET name        = EXCLUDED.name,
    description = EXCLUDED.description,
    geom        = EXCLUDED.geom,
    source_run  = EXCLUDED.source_run
WHERE (t.name, t.description, t.geom) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.geom)
