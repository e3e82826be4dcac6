-- Turns the staging table into feature_checked (every feature with its verdict), applying the
-- geometry policy of docs/import.md to each feature:
--   * no geometry or an empty one: rejected;
--   * an invalid geometry is repaired with ST_MakeValid; the parts of the layer's dimension are kept;
--   * a geometry without parts of the layer's dimension is rejected (wrong dimension, or unrepairable);
--   * a Point layer takes single points only; Multi* layers get ST_Multi.
-- {stage} is the quoted staging table, {feature_id} the id expression, {attributes} the cast attribute
-- columns ("expr AS name,"), {dimension} the layer's dimension (0, 1, 2, or -1 for any), {single_point}
-- true for Point layers, {multi} true for Multi* layers, {fits_g} and {fits_f_g} the condition of
-- fits_layer.sql on g and f.g (the common case: valid, so none of the repair functions run), and
-- {include_fitting} false when insert_new_features.sql already wrote the fitting features (a new layer):
-- then only the others and those without an id are checked here. No parameters.
CREATE TEMP TABLE feature_checked ON COMMIT DROP AS
WITH src AS NOT MATERIALIZED (
    SELECT {feature_id} AS feature_id,
           s."_fid"::text AS source_fid,
           {attributes}
           s."_geom" AS g
    FROM {stage} AS s
),
repaired AS (
    SELECT src.*,
           CASE WHEN g IS NULL OR ST_IsEmpty(g) THEN NULL
                WHEN ST_IsValid(g) THEN g
                ELSE ST_MakeValid(g)
           END AS v,
           g IS NOT NULL AND NOT ST_IsEmpty(g) AND NOT ST_IsValid(g) AS was_invalid
    FROM src
    WHERE NOT coalesce({fits_g}, false)
),
kept AS (
    SELECT repaired.*,
           CASE WHEN v IS NULL THEN NULL
                WHEN {dimension} < 0 THEN v
                ELSE ST_CollectionExtract(v, {dimension} + 1)
           END AS k
    FROM repaired
),
checked AS (
    SELECT kept.*,
           CASE WHEN g IS NULL THEN 'no geometry'
                WHEN ST_IsEmpty(g) THEN 'empty geometry'
                WHEN k IS NULL OR ST_IsEmpty(k) THEN
                    CASE WHEN was_invalid
                         THEN 'invalid geometry (' || ST_IsValidReason(g) || ') that ST_MakeValid could not repair into a '
                              || {layer_type} || ' of this layer'
                         ELSE 'wrong dimension: a ' || ST_GeometryType(g) || ' does not fit a ' || {layer_type} || ' layer'
                    END
                WHEN {single_point} AND ST_NumGeometries(k) > 1 THEN
                    'wrong type: ' || ST_NumGeometries(k) || ' points do not fit a Point layer'
                WHEN feature_id IS NULL THEN 'no value in the id field'
           END AS reject,
           CASE WHEN {single_point} AND ST_NumGeometries(k) = 1 THEN ST_GeometryN(k, 1)
                WHEN {multi} THEN ST_Multi(k)
                ELSE k
           END AS geom
    FROM kept
)
-- the common case first: a valid, non-empty geometry of a fitting type needs no repair
SELECT f.feature_id, f.source_fid, {attribute_names}
       CASE WHEN f.feature_id IS NULL THEN 'no value in the id field' END AS reject,
       CASE WHEN {multi} THEN ST_Multi(f.g) ELSE f.g END AS geom
FROM src AS f
WHERE ({include_fitting} OR f.feature_id IS NULL)
  AND coalesce({fits_f_g}, false)
UNION ALL
SELECT c.feature_id, c.source_fid, {attribute_names_c}
       c.reject,
       c.geom
FROM checked AS c
