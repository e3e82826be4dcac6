-- The statistics the registry keeps for a layer, read in the edit's transaction (edits of a layer and imports
-- into it are serialised by their locks, so no other writer changes them meanwhile). Parameters: 1 layer id.
SELECT l.feature_count,
       l.extent_crs84,
       l.temporal_start,
       l.temporal_end
FROM tweeling.layer AS l
WHERE l.id = ?
