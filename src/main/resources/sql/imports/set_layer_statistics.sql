-- Stores a new layer's statistics that a first load computed (layer_statistics.sql over its table while
-- its indexes were built; nothing changed the table since). Parameters: 1 feature count, 2 CRS84 extent
-- (float8[4] or NULL), 3 temporal start, 4 temporal end, 5 layer id.
UPDATE tweeling.layer
SET feature_count  = ?,
    extent_crs84   = ?,
    temporal_start = ?,
    temporal_end   = ?,
    updated_at     = now()
WHERE id = ?
