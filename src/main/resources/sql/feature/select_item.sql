-- The current version of one feature as a GeoJSON Feature object.
-- {table} and {feature} are built from the layer registry.
-- Parameters: 1 feature id.
SELECT {feature}::text
FROM {table} AS t
WHERE t.feature_id = ?
  AND t.valid_to IS NULL
