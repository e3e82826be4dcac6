-- The current version of one feature as a GeoJSON Feature object, with the version's row key and start (what
-- its ETag is made from). {table} (a table or an overlay's subquery), {feature} and {current} (the relation's
-- condition for its current rows) are built from the layer registry.
-- Parameters: the values of {table} in order, then the feature id.
SELECT {feature}::text,
       t.fid,
       t.valid_from
FROM {table} AS t
WHERE t.feature_id = ?
  AND {current}
