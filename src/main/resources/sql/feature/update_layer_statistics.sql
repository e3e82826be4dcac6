-- Recomputes a layer's feature count, CRS84 extent and temporal extent (validity of its current rows).
-- {table} is the layer's table, quoted, taken from the registry (never from a request).
-- Parameters: 1 layer id.
WITH stats AS (
    -- current versions only
    SELECT count(*)                 AS n,
           ST_Extent(geom_crs84)    AS box,
           min(valid_from)          AS t0
    FROM {table}
    WHERE valid_to IS NULL
)
UPDATE tweeling.layer AS l
SET feature_count  = stats.n,
    extent_crs84   = CASE WHEN stats.box IS NULL THEN NULL
                          ELSE ARRAY[ST_XMin(stats.box), ST_YMin(stats.box), ST_XMax(stats.box), ST_YMax(stats.box)]
                     END,
    temporal_start = stats.t0,
    temporal_end   = NULL,
    updated_at     = now()
FROM stats
WHERE l.id = ?
