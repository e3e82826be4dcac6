-- The boxes (EPSG:28992) of the versions an edit ended and wrote, for the tile caches (feature/LayerChanged).
-- {table} is the layer's table from the registry. Parameters: 1 the row keys (bigint[]).
SELECT ST_XMin(t.geom),
       ST_YMin(t.geom),
       ST_XMax(t.geom),
       ST_YMax(t.geom)
FROM {table} AS t
WHERE t.fid = ANY (?)
  AND t.geom IS NOT NULL
