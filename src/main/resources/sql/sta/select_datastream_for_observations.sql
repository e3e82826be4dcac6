-- What writing observations into a Datastream needs: its key, the plausible range of its observed property
-- (the checks of ingest), and whether its Thing has any Location (an Observation without a FeatureOfInterest
-- observes the Thing's Location then). Locks the datastream against a concurrent DELETE until commit.
-- Parameters: 1 datastream id.
SELECT d.id,
       d.key,
       p.plausible_min,
       p.plausible_max,
       d.thing_id,
       EXISTS (SELECT 1 FROM tweeling.historical_location AS h WHERE h.thing_id = d.thing_id) AS located
FROM tweeling.datastream AS d
JOIN tweeling.observed_property AS p ON p.id = d.observed_property
WHERE d.id = ?
FOR SHARE OF d
