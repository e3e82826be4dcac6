-- A layer's feature count, CRS84 extent and temporal extent (validity of its current rows), as the
-- registry keeps them (update_layer_statistics.sql stores them).
-- The temporal extent is closed: from the oldest to the newest start of a current version. The current
-- versions stay valid after that, but strict clients (the OGC test suite among them) read both ends as
-- date-times, and an end that moved with the clock would differ between /collections and /collections/{id}.
-- The spatial extent comes from each geometry's exact coordinates (ST_Extent may use the float4 boxes
-- PostGIS caches, which can lie inside a point by 1e-6°), rounded outward to the 7 decimals of the GeoJSON
-- output, so every served coordinate lies within it (the OGC test suite checks features against it).
-- {table} is the layer's table, quoted, taken from the registry (never from a request). No parameters.
SELECT s.n,
       CASE WHEN s.x0 IS NULL THEN NULL
            ELSE ARRAY[floor(s.x0 * 1e7) / 1e7, floor(s.y0 * 1e7) / 1e7,
                       ceil(s.x1 * 1e7) / 1e7, ceil(s.y1 * 1e7) / 1e7]::float8[]
       END AS extent,
       s.t0,
       s.t1
FROM (
    -- current versions only
    SELECT count(*)                      AS n,
           min(ST_XMin(geom_crs84))      AS x0,
           min(ST_YMin(geom_crs84))      AS y0,
           max(ST_XMax(geom_crs84))      AS x1,
           max(ST_YMax(geom_crs84))      AS y1,
           min(valid_from)               AS t0,
           max(valid_from)               AS t1
    FROM {table}
    WHERE valid_to IS NULL
) AS s
