-- A new layer's table, shaped like the base layers of V001 (identity, history, lineage); its indexes and
-- the foreign key of source_run come after the first load (create_layer_indexes.sql): built once over
-- the loaded rows they cost a fraction of what they cost row by row (the key alone: a lookup in
-- tweeling.job per row, seconds for 70,000 features, against one join when it is added).
-- {table} is the quoted schema.table, {columns} the attribute columns ("name" type,) and {geometry_type}
-- the PostGIS geometry type; all are built from validated names, never from a request verbatim.
-- feature_id uses the "C" collation: ids are compared for equality only (the API orders by fid), and
-- byte order sorts them several times faster when the first load builds the two feature_id indexes.
CREATE TABLE {table} (
    fid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id    text        COLLATE "C" NOT NULL,
    {columns}
    geom          geometry({geometry_type}, 28992) NOT NULL,
    geom_crs84    geometry({geometry_type}, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT now(),
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL,
    source_run    uuid,
    source_id     text,
    fetched_at    timestamptz,
    ingested_at   timestamptz NOT NULL DEFAULT now()
)
