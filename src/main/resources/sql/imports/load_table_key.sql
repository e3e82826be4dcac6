-- After a first load's indexes: the fid index becomes the primary key, and the identity continues after
-- the highest fid COPY wrote (read from that index). {table} is the load table, {pk} the index's name, both
-- quoted; {table_literal} the table as a string literal. No parameters.
ALTER TABLE {table} ADD PRIMARY KEY USING INDEX {pk};
SELECT setval(pg_get_serial_sequence({table_literal}, 'fid'), greatest(max(fid), 1), max(fid) >= 1) FROM {table}
