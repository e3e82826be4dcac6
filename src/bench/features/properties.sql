-- The arguments of jsonb_build_object for a layer's properties: every column of its table except the
-- identity, geometry and hash columns (LayerRegistry.SYSTEM_COLUMNS), in table order, as the app serves them.
-- psql variables: schema, table.
SELECT string_agg(format('%L, t.%I', column_name, column_name), ', ' ORDER BY ordinal_position)
FROM information_schema.columns
WHERE table_schema = :'schema'
  AND table_name = :'table'
  AND column_name NOT IN ('fid', 'feature_id', 'geom', 'geom_crs84', 'content_hash');
