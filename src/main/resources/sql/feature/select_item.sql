-- The current version of one feature as a GeoJSON Feature object.
-- {table} and {properties} are built from the layer registry.
-- Parameters: 1 feature id.
SELECT json_build_object(
           'type', 'Feature',
           'id', t.feature_id,
           'geometry', ST_AsGeoJSON(t.geom_crs84, 7)::json,
           'properties', {properties}
       )::text
FROM {table} AS t
WHERE t.feature_id = ?
  AND t.valid_to IS NULL
