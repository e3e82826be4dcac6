-- A new layer's table, shaped like the base layers of V001 (identity, history, lineage); its indexes
-- come after the first load (create_layer_indexes.sql), which builds them faster than row by row.
-- {table} is the quoted schema.table, {columns} the attribute columns ("name" type,) and {geometry_type}
-- the PostGIS geometry type; all are built from validated names, never from a request verbatim.
CREATE TABLE {table} (
    fid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id    text        NOT NULL,
    {columns}
    geom          geometry({geometry_type}, 28992) NOT NULL,
    geom_crs84    geometry({geometry_type}, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT now(),
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL,
    source_run    uuid REFERENCES tweeling.job (id),
    source_id     text,
    fetched_at    timestamptz,
    ingested_at   timestamptz NOT NULL DEFAULT now()
)
