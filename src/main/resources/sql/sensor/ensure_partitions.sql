-- Creates missing observation partitions (see tweeling.ensure_observation_partitions in V001).
-- Parameters: 1 from, 2 to (exclusive), 3 yearly partitions before the year of this instant.
SELECT tweeling.ensure_observation_partitions(?, ?, ?)
