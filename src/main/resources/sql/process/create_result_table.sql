-- A result layer's table, shaped like the base layers of V001 (identity, history, lineage). source and
-- source_run default to the process and its job, so a model inserts only feature_id, its attributes and geom.
-- {table} is the quoted schema.table, {columns} the attribute columns ("name" type,), {geometry_type} the
-- PostGIS geometry type, {source} the quoted source literal, {job} the job id literal; all are built by
-- nl.tweeling.process.ResultLayerWriter from validated names, never from a request verbatim.
-- source_run has no foreign key: adding one would lock tweeling.job against every update (other jobs' progress)
-- until the run commits; every row names the run's own job by construction, and the table goes with the job.
CREATE TABLE {table} (
    fid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id    text        COLLATE "C" NOT NULL,
    {columns}
    geom          geometry({geometry_type}, 28992) NOT NULL,
    geom_crs84    geometry({geometry_type}, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT now(),
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL DEFAULT {source},
    source_run    uuid        NOT NULL DEFAULT {job},
    source_id     text,
    fetched_at    timestamptz,
    ingested_at   timestamptz NOT NULL DEFAULT now()
)
