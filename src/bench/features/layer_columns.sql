-- Columns of a layer table, for making an empty copy of it the way an import makes a layer table.
-- psql variables: schema, table, part: 'create' prints the attribute columns as create_layer_table.sql
-- takes them ({columns}: "name" type, one a line); 'copy' prints every column a copy writes (all but the
-- identity fid and the generated geom_crs84), quoted and comma-separated.
WITH cols AS (
    -- the table's columns in order, with their SQL types
    SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attidentity, a.attgenerated
    FROM pg_attribute AS a
    WHERE a.attrelid = format('%I.%I', :'schema', :'table')::regclass
      AND a.attnum > 0
      AND NOT a.attisdropped
)
SELECT CASE :'part'
           WHEN 'create' THEN string_agg(format('%I %s,', attname, type), E'\n' ORDER BY attnum)
               FILTER (WHERE attname NOT IN ('fid', 'feature_id', 'geom', 'geom_crs84', 'valid_from', 'valid_to',
                                             'content_hash', 'source', 'source_run', 'source_id', 'fetched_at',
                                             'ingested_at'))
           ELSE string_agg(format('%I', attname), ', ' ORDER BY attnum) FILTER (WHERE attidentity = '' AND attgenerated = '')
       END
FROM cols;
