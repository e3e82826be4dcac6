-- The current version of one feature as a GeoJSON Feature object.
-- {table} (a table or an overlay's subquery), {feature} and {current} (the relation's condition for its
-- current rows) are built from the layer registry.
-- Parameters: the values of {table} in order, then the feature id.
SELECT {feature}::text
FROM {table} AS t
WHERE t.feature_id = ?
  AND {current}
