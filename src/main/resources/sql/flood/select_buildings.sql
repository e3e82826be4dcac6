-- The buildings for the high-water model: id, ground level and a point on the footprint (x, y in EPSG:28992).
-- {buildings}: the buildings layer's relation. No parameters.
SELECT b.feature_id,
       b.ground_level_m,
       ST_X(p.pt) AS x,
       ST_Y(p.pt) AS y
FROM {buildings} AS b
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(b.geom) AS pt) AS p
ORDER BY b.feature_id
