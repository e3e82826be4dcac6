-- After a first load's COPY: the features that cannot stay as they were written (their geometry does not fit
-- the layer as it is, {fits} on geom, or they have no id) leave the load table for the (empty) staging
-- table, where the geometry policy of stage_features.sql repairs or rejects them as it does for any import.
-- {table} is the load table, {stage} the staging table, {stage_columns} its attribute columns (, "name"),
-- {values} the load table's matching columns cast back to the staging types (, m."name"::type).
-- No parameters; the update count is the number of features moved.
WITH moved AS (
    DELETE FROM {table} AS t
    WHERE t.feature_id IS NULL
       OR NOT coalesce({fits}, false)
    RETURNING t.*
)
INSERT INTO {stage} ("_fid", "_geom"{stage_columns})
SELECT m.fid, m.geom{values}
FROM moved AS m
