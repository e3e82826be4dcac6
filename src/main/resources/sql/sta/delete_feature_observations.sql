-- The Observations of a FeatureOfInterest (SensorThings integrity: they go with it): those naming it, and those
-- that observed the Location it was made from (no FeatureOfInterest of their own, their Thing there then).
-- Returns their datastreams.
-- Parameters: 1 feature of interest id, 2 the same.
WITH named AS (
    -- observations naming it
    DELETE FROM tweeling.observation AS o
    WHERE o.feature_of_interest_id = ?
    RETURNING o.datastream_id
), located AS (
    -- observations of its location
    DELETE FROM tweeling.observation AS o
    USING tweeling.feature_of_interest AS f,
          tweeling.thing_location_period AS p,
          tweeling.datastream AS d
    WHERE f.id = ?
      AND p.location_id = f.location_id
      AND d.thing_id = p.thing_id
      AND o.datastream_id = d.id
      AND o.feature_of_interest_id IS NULL
      AND p.valid @> o.phenomenon_time
    RETURNING o.datastream_id
)
SELECT DISTINCT datastream_id FROM named
UNION
SELECT DISTINCT datastream_id FROM located
