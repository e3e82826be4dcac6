-- Every datastream with the plausible result range of its observed property.
-- Parameters: none.
SELECT d.id,
       d.key,
       p.plausible_min,
       p.plausible_max
FROM tweeling.datastream AS d
JOIN tweeling.observed_property AS p ON p.id = d.observed_property
