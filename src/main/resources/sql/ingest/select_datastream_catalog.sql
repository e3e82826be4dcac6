-- One datastream, named by key or id, with the plausible result range of its observed property.
-- A key wins over an id when both match.
-- Parameters: 1 key, 2 id (or NULL).
SELECT d.id,
       d.key,
       p.plausible_min,
       p.plausible_max
FROM tweeling.datastream AS d
JOIN tweeling.observed_property AS p ON p.id = d.observed_property
WHERE d.key = ?
   OR d.id = ?
ORDER BY (d.key = ?) DESC
LIMIT 1
