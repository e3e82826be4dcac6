-- The cells of the ground layer for the high-water model: bounds, ground level (m above NAP), river or not.
-- {ground}: the ground layer's relation as the run's scenario makes it (ModelContext.relation). No parameters.
SELECT ST_XMin(g.geom) AS min_x,
       ST_YMin(g.geom) AS min_y,
       ST_XMax(g.geom) AS max_x,
       ST_YMax(g.geom) AS max_y,
       g.ground_m,
       g.water IS NOT NULL AS water
FROM {ground} AS g
WHERE g.ground_m IS NOT NULL
ORDER BY g.feature_id
