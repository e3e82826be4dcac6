-- Recomputes a layer's feature count, CRS84 extent and temporal extent (validity of its current rows).
-- The temporal extent is closed: from the oldest to the newest start of a current version. The current
-- versions stay valid after that, but strict clients (the OGC test suite among them) read both ends as
-- date-times, and an end that moved with the clock would differ between /collections and /collections/{id}.
-- {table} is the layer's table, quoted, taken from the registry (never from a request).
-- Parameters: 1 layer id.
-- The spatial extent comes from each geometry's exact coordinates (ST_Extent may use the float4 boxes
-- PostGIS caches, which can lie inside a point by 1e-6°), rounded outward to the 7 decimals of the GeoJSON
-- output, so every served coordinate lies within it (the OGC test suite checks features against it).
WITH stats AS (
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
)
UPDATE tweeling.layer AS l
SET feature_count  = stats.n,
    extent_crs84   = CASE WHEN stats.x0 IS NULL THEN NULL
                          ELSE ARRAY[floor(stats.x0 * 1e7) / 1e7, floor(stats.y0 * 1e7) / 1e7,
                                     ceil(stats.x1 * 1e7) / 1e7, ceil(stats.y1 * 1e7) / 1e7]::float8[]
                     END,
    temporal_start = stats.t0,
    temporal_end   = stats.t1,
    updated_at     = now()
FROM stats
WHERE l.id = ?
