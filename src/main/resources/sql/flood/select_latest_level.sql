-- The latest value of a water-level datastream, with its time and unit, for the high-water model's level.
-- Parameters: 1 the datastream's key (e.g. 'wl-01-water-level').
SELECT d.observed_property,
       coalesce(d.unit_symbol, p.unit_symbol) AS unit,
       d.latest_result,
       d.latest_time
FROM tweeling.datastream AS d
JOIN tweeling.observed_property AS p
  ON p.id = d.observed_property
WHERE d.key = ?
