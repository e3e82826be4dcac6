-- What an edit needs to keep the registry's statistics current without scanning the layer: for each version it
-- ended or wrote, its CRS84 box (exact coordinates, as layer_statistics.sql reads them), its start and whether it
-- is current. {table} is the layer's table from the registry. Parameters: 1 the row keys (bigint[]).
SELECT t.fid,
       ST_XMin(t.geom_crs84),
       ST_YMin(t.geom_crs84),
       ST_XMax(t.geom_crs84),
       ST_YMax(t.geom_crs84),
       t.valid_from,
       t.valid_to IS NULL AS current
FROM {table} AS t
WHERE t.fid = ANY (?)
