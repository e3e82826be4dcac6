-- Before a Location is deleted: the observations that observed it (no FeatureOfInterest of their own, their
-- Thing there at their time) name its feature of interest from now on, which stays.
-- Parameters: 1 location id.
UPDATE tweeling.observation AS o
SET feature_of_interest_id = f.id
FROM tweeling.feature_of_interest AS f
JOIN tweeling.thing_location_period AS p ON p.location_id = f.location_id
JOIN tweeling.datastream AS d ON d.thing_id = p.thing_id
WHERE f.location_id = ?
  AND o.datastream_id = d.id
  AND o.feature_of_interest_id IS NULL
  AND p.valid @> o.phenomenon_time
