-- Registers the sample's datastreams at their thing's location.
-- Parameters: 1 job id.
INSERT INTO tweeling.datastream AS d (key, thing_id, observed_property, name, description, geom, source, source_run, source_id)
SELECT s.key,
       t.id,
       s.observed_property,
       s.name,
       coalesce(s.description, ''),
       t.geom,
       'tweeling-sample',
       ?,
       s.key
FROM sample_datastream AS s
JOIN tweeling.thing AS t ON t.key = s.thing_key
ON CONFLICT (key) DO UPDATE
SET thing_id          = EXCLUDED.thing_id,
    observed_property = EXCLUDED.observed_property,
    name              = EXCLUDED.name,
    description       = EXCLUDED.description,
    geom              = EXCLUDED.geom,
    source_run        = EXCLUDED.source_run
WHERE (d.thing_id, d.observed_property, d.name, d.description, d.geom)
      IS DISTINCT FROM (EXCLUDED.thing_id, EXCLUDED.observed_property, EXCLUDED.name, EXCLUDED.description, EXCLUDED.geom)
