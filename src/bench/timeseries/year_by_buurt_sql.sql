-- The plain-SQL baseline of bench timeseries (b): the daily average per buurt of one observed property through
-- 2025 (local days), as an analyst would write it over the raw rows: every observation joined to its thing's
-- current position and the buurt that holds it. Variable: prop (the observed property).
SELECT b.feature_id,
       date_trunc('day', o.phenomenon_time, 'Europe/Amsterdam') AS day,
       avg(o.result)
FROM tweeling.observation AS o
JOIN tweeling.datastream AS d ON d.id = o.datastream_id
JOIN tweeling.thing AS t ON t.id = d.thing_id
JOIN tweeling.buurten AS b ON b.valid_to IS NULL AND ST_Intersects(b.geom, t.geom)
WHERE d.observed_property = :'prop'
  AND o.phenomenon_time >= TIMESTAMPTZ '2025-01-01 00:00:00+01'
  AND o.phenomenon_time < TIMESTAMPTZ '2026-01-01 00:00:00+01'
GROUP BY 1, 2;
