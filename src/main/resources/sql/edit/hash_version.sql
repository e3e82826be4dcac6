-- Stores the content hash of a version the API wrote: md5 over its attribute values and geometry, so writers
-- that compare hashes (imports) see a changed feature. {table} and {hash_columns} (each column as text, from
-- the registry) are filled in. Parameters: 1 the version's row key.
UPDATE {table} AS t
SET content_hash = md5(concat_ws(chr(31), {hash_columns}encode(ST_AsEWKB(t.geom), 'hex')))
WHERE t.fid = ?
