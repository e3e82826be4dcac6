-- The plain-SQL baseline of bench timeseries (a): the same PT5M statistics over the same 10,000 rows, as an
-- analyst would write them in SQL (date_bin; 5-minute buckets in Europe/Amsterdam start on UTC 5-minute
-- marks, as the zone's offsets are whole hours). Variables: ds (datastream id), a, b (the window).
SELECT date_bin('5 minutes', phenomenon_time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
       avg(result), min(result), max(result), count(result)
FROM tweeling.observation
WHERE datastream_id = :ds
  AND phenomenon_time >= :'a'::timestamptz
  AND phenomenon_time < :'b'::timestamptz
GROUP BY 1
ORDER BY 1;
