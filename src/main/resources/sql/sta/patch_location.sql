-- PATCH of a Location: each member given replaces the stored one (NULL parameters: not given).
-- Parameters: 1 name, 2 description, 3 encoding type, 4 properties (JSON object text), 5 GeoJSON geometry,
-- 6 location id.
UPDATE tweeling.location AS l
SET name          = coalesce(?, l.name),
    description   = coalesce(?, l.description),
    encoding_type = coalesce(?, l.encoding_type),
    properties    = coalesce(CAST(? AS jsonb), l.properties),
    geom          = coalesce(ST_Transform(g.g, 28992), l.geom),
    geom_crs84    = CASE WHEN g.g IS NULL THEN l.geom_crs84 ELSE g.g END
FROM (SELECT ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)) AS g) AS g
WHERE l.id = ?
