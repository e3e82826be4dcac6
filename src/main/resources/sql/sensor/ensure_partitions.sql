-- Creates missing observation partitions (see tweeling.ensure_observation_partitions in V001), none older than
-- retention would drop again (tweeling.raw_drop_before in V009).
-- Parameters: 1 from, 2 now (for the retention), 3 to (exclusive), 4 yearly partitions before the year of this instant.
SELECT tweeling.ensure_observation_partitions(greatest(?::timestamptz, coalesce(tweeling.raw_drop_before(?), '-infinity')), ?, ?)
