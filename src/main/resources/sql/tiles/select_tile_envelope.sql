-- The area a tile's features come from, for the tile cache: the tile with its buffer (64 of 4096 units on each
-- side), densified and transformed exactly as select_tile_layer.sql does, as bounding boxes in the storage CRS
-- 28992 and in CRS84 (longitude, latitude). {srid} comes from the tile matrix set.
-- Parameters: tile matrix, column, row and the set's bounds minX, minY, maxX, maxY (ST_TileEnvelope).
WITH
-- the buffered tile in the set's CRS, edges densified
tile AS (
    SELECT ST_Segmentize(ST_Expand(e.envelope, (ST_XMax(e.envelope) - ST_XMin(e.envelope)) / 64),
                         (ST_XMax(e.envelope) - ST_XMin(e.envelope)) / 16) AS box
    FROM (SELECT ST_TileEnvelope(?, ?, ?, ST_MakeEnvelope(?, ?, ?, ?, {srid})) AS envelope) AS e
),
-- that area in the two CRSs the cache compares changes in
boxes AS (
    SELECT box2d(ST_Transform(tile.box, 28992)) AS rd,
           box2d(ST_Transform(tile.box, 4326)) AS crs84
    FROM tile
)
SELECT ST_XMin(rd), ST_YMin(rd), ST_XMax(rd), ST_YMax(rd),
       ST_XMin(crs84), ST_YMin(crs84), ST_XMax(crs84), ST_YMax(crs84)
FROM boxes
