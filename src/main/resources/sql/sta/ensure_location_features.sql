-- The features of interest made from the Locations a Thing has had (one per location), made again where a
-- client deleted one: an Observation without a FeatureOfInterest observes the Thing's Location at its time.
-- Parameters: 1 thing id.
INSERT INTO tweeling.feature_of_interest (name, description, encoding_type, geom, geom_crs84, location_id, source)
SELECT l.name, l.description, l.encoding_type, l.geom, l.geom_crs84, l.id, l.source
FROM tweeling.location AS l
WHERE l.id IN (SELECT hl.location_id
               FROM tweeling.historical_location AS h
               JOIN tweeling.historical_location_location AS hl ON hl.historical_location_id = h.id
               WHERE h.thing_id = ?)
ON CONFLICT (location_id) DO NOTHING
