-- A FeatureOfInterest posted by a client (not made from a Location).
-- Parameters: 1 name, 2 description, 3 encoding type, 4 properties (JSON object text), 5 GeoJSON geometry.
INSERT INTO tweeling.feature_of_interest (name, description, encoding_type, properties, geom, geom_crs84, source)
SELECT ?, ?, ?, CAST(? AS jsonb), ST_Transform(g.g, 28992), g.g, 'sta'
FROM (SELECT ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)) AS g) AS g
RETURNING id
