-- Transforms CRS84 (lon/lat) WKT geometries to EPSG:28992 WKT, keeping their order.
-- Parameters: 1 text[] of WKT.
SELECT ST_AsText(ST_Transform(ST_GeomFromText(w.wkt, 4326), 28992)) AS wkt
FROM unnest(?::text[]) WITH ORDINALITY AS w (wkt, n)
ORDER BY w.n
