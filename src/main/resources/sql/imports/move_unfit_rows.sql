-- After a first load's indexes, when some features cannot stay as they were written ({unfit}: the geometry
-- t.geom does not fit the layer as it is, fits_layer.sql): they leave the load table for the (empty) staging
-- table, where the geometry policy of stage_features.sql repairs or rejects them as it does for any import.
-- {table} is the load table, {stage} the staging table, {stage_columns} its attribute columns (, "name"),
-- {values} the load table's matching columns cast back to the staging types (, m."name"::type).
-- No parameters; the update count is the number of features moved.
WITH moved AS (
    DELETE FROM {table} AS t
    WHERE {unfit}
    RETURNING t.*
)
INSERT INTO {stage} ("_fid", "_geom"{stage_columns})
SELECT m.fid, m.geom{values}
FROM moved AS m
