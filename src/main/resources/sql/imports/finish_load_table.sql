-- Turns a first load's table into a plain layer table, as create_layer_table.sql makes them: the per-row
-- expressions become stored values (DROP EXPRESSION rewrites nothing), the run's defaults go, and the
-- lineage key to tweeling.job is checked in one pass. Runs before the indexes are built (it takes the
-- table's exclusive lock). {table} is the load table, quoted. No parameters.
ALTER TABLE {table}
    ALTER feature_id DROP EXPRESSION,
    ALTER source_id DROP EXPRESSION,
    ALTER valid_from SET DEFAULT now(),
    ALTER source DROP DEFAULT,
    ALTER source_run DROP DEFAULT,
    ALTER fetched_at DROP DEFAULT,
    ADD FOREIGN KEY (source_run) REFERENCES tweeling.job (id)
