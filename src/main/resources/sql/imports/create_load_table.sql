-- The table of a new layer's one-pass first load (FirstLoad), created unregistered in tweeling_stage and
-- filled by COPY. Its columns are those of create_layer_table.sql, but what insert_new_features.sql computes
-- per feature is computed by the table as COPY writes each row: feature_id and source_id from the id
-- (generated) and the run's lineage as constant defaults. content_hash stays NULL: a first-loaded row's hash
-- is computed when a re-import first compares it (ImportRepository.currentHash). finish_load_table.sql turns it into a plain layer table before it is registered. COPY writes
-- fid itself (the source's FID, like the staging table's _fid), so no key is maintained row by row: the
-- primary key and the other indexes are built afterwards (load_table_indexes.sql). A feature without a
-- geometry or without an id fails the COPY (NOT NULL): such a source loads through the staging path, which
-- rejects that feature. Autovacuum stays off until the table is registered (ImportRepository.registerLoaded):
-- it would take up the new rows while the indexes are built, and hold their builds up or take their CPU.
-- {table} is the quoted schema.table, {columns} the attribute columns ("name" type,), {geometry_type} the
-- PostGIS geometry type, {feature_id} the id expression over the table's own columns, {at}, {source}, {run}
-- and {fetched_at} literals quoted by the database (quote_literal).
-- No parameters.
CREATE TABLE {table} (
    fid           bigint      GENERATED ALWAYS AS IDENTITY,
    feature_id    text        COLLATE "C" GENERATED ALWAYS AS ({feature_id}) STORED NOT NULL,
    {columns}
    geom          geometry({geometry_type}, 28992) NOT NULL,
    geom_crs84    geometry({geometry_type}, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT {at},
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL DEFAULT {source},
    source_run    uuid        DEFAULT {run},
    source_id     text        GENERATED ALWAYS AS ({feature_id}) STORED,
    fetched_at    timestamptz DEFAULT {fetched_at},
    ingested_at   timestamptz NOT NULL DEFAULT now()
) WITH (autovacuum_enabled = false)
