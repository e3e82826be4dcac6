-- Stores a layer's statistics as an edit changed them (computed from the registry's and the edited versions').
-- Parameters: 1 feature count, 2 CRS84 extent (float8[4]), 3 temporal start, 4 temporal end, 5 layer id.
UPDATE tweeling.layer AS l
SET feature_count  = ?,
    extent_crs84   = ?,
    temporal_start = ?,
    temporal_end   = ?,
    updated_at     = now()
WHERE l.id = ?
