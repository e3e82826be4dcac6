-- A CRS84 point (longitude, latitude) in EPSG:28992, for the high-water model's breach.
-- Parameters: 1 longitude, 2 latitude.
SELECT ST_X(p.pt) AS x,
       ST_Y(p.pt) AS y
FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 28992) AS pt) AS p
