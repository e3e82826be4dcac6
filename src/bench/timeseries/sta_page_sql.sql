-- The plain-SQL baseline of bench timeseries (d): what a SensorThings page of 100 observations with $count asks
-- of the database, written by hand: the exact count of the datastream's observations and its first 100 in
-- time order (the service's default order; one row more tells whether a next page exists).
-- Variable: ds (the datastream id).
SELECT count(*) FROM tweeling.observation WHERE datastream_id = :ds;
SELECT id, phenomenon_time, result, result_time
FROM tweeling.observation
WHERE datastream_id = :ds
ORDER BY phenomenon_time, id
LIMIT 101;
