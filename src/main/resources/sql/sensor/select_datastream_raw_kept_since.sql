-- The instant from which a datastream's raw observations are complete (its observed property's retention).
-- Parameters: 1 datastream id.
SELECT p.raw_kept_since
FROM tweeling.datastream AS d
JOIN tweeling.observed_property AS p ON p.id = d.observed_property
WHERE d.id = ?
