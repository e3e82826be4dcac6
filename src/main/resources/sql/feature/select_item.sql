-- The current version of one feature as a GeoJSON Feature object, with the version's row key and start (what
-- its ETag is made from). {table} and {feature} are built from the layer registry.
-- Parameters: 1 feature id.
SELECT {feature}::text,
       t.fid,
       t.valid_from
FROM {table} AS t
WHERE t.feature_id = ?
  AND t.valid_to IS NULL
