-- A new layer's first load, in one pass over the staging table: every feature whose geometry fits the
-- layer as it is ({fits}: fits_layer.sql on s."_geom") and that has an id goes straight into the new,
-- empty table, with its content hash (as split_rejects.sql computes it: attributes as text, then the
-- stored geometry's bytes) and its lineage; geom_crs84 is computed by the table as it is written. The
-- others (to repair or reject) go through stage_features.sql. Nothing to compare with: the table is
-- new, so every feature is inserted.
-- {table} is the new layer's table, {stage} the staging table, {feature_id} the id expression,
-- {columns} the attribute columns ("name", ), {attributes} the cast attribute columns ("expr AS name,"),
-- {attribute_names} those names as "f.name, ", {content_hash} the content hash over them and the geometry (ImportRepository.contentHash),
-- {multi} true for Multi* layers.
-- Parameters: 1 valid from (the run's instant), 2 source, 3 job id, 4 fetched at.
INSERT INTO {table} (feature_id, {columns}geom, valid_from, content_hash, source, source_run, source_id, fetched_at)
SELECT f.feature_id,
       {attribute_names}
       f.geom,
       ?,
       {content_hash},
       ?,
       ?,
       f.feature_id,
       ?
FROM (
    -- the fitting features, cast to the layer's columns (OFFSET 0: each expression is computed once)
    SELECT {feature_id} AS feature_id,
           {attributes}
           CASE WHEN {multi} THEN ST_Multi(s."_geom") ELSE s."_geom" END AS geom
    FROM {stage} AS s
    WHERE {feature_id} IS NOT NULL
      AND coalesce({fits}, false)
    OFFSET 0
) AS f
