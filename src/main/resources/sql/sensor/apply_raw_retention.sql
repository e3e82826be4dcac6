-- Removes raw observations older than each observed property's raw_retention, keeping their rollups (see
-- tweeling.apply_raw_retention in V009): whole partitions when every property allows, rows otherwise.
-- Parameters: 1 now.
SELECT dropped_partitions, deleted_rows
FROM tweeling.apply_raw_retention(?)
