-- PATCH of a FeatureOfInterest (NULL parameters: not given).
-- Parameters: 1 name, 2 description, 3 encoding type, 4 properties (JSON object text), 5 GeoJSON geometry,
-- 6 feature of interest id.
UPDATE tweeling.feature_of_interest AS f
SET name          = coalesce(?, f.name),
    description   = coalesce(?, f.description),
    encoding_type = coalesce(?, f.encoding_type),
    properties    = coalesce(CAST(? AS jsonb), f.properties),
    geom          = coalesce(ST_Transform(g.g, 28992), f.geom),
    geom_crs84    = CASE WHEN g.g IS NULL THEN f.geom_crs84 ELSE g.g END
FROM (SELECT ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)) AS g) AS g
WHERE f.id = ?
