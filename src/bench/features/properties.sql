-- The arguments of jsonb_build_object for a layer's properties on item pages, as the app serves them
-- (FeatureRepository.pageProperties): every column except the identity, geometry and hash columns and the
-- lineage columns other than valid_from/valid_to, in table order.
-- psql variables: schema, table.
SELECT string_agg(format('%L, t.%I', column_name, column_name), ', ' ORDER BY ordinal_position)
FROM information_schema.columns
WHERE table_schema = :'schema'
  AND table_name = :'table'
  AND column_name NOT IN ('fid', 'feature_id', 'geom', 'geom_crs84', 'content_hash',
                          'source', 'source_run', 'source_id', 'fetched_at', 'ingested_at');
