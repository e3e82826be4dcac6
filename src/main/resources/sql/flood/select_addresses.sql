-- The addresses for the high-water model: id, building, residents and the point (x, y in EPSG:28992).
-- {addresses}: the addresses layer's relation. No parameters.
SELECT a.feature_id,
       a.building_id,
       a.residents,
       ST_X(a.geom) AS x,
       ST_Y(a.geom) AS y
FROM {addresses} AS a
ORDER BY a.feature_id
