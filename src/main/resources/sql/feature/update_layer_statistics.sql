-- Recomputes a layer's feature count, CRS84 extent and temporal extent in the registry: {statistics} is
-- layer_statistics.sql over the layer's {table}. Parameters: 1 layer id.
UPDATE tweeling.layer AS l
SET feature_count  = stats.n,
    extent_crs84   = stats.extent,
    temporal_start = stats.t0,
    temporal_end   = stats.t1,
    updated_at     = now()
FROM ({statistics}) AS stats
WHERE l.id = ?
