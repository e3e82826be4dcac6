-- One layer of a Mapbox vector tile, named after its collection (ST_AsMVT: extent 4096, buffer 64).
-- {table} and {properties} (", <column expression> AS \"<property>\"" per property) come from the layer
-- registry, {srid} from the tile matrix set and {time} is the validity condition with placeholders: nothing
-- in the text comes from a request.
-- Parameters: tile matrix, column, row and the set's bounds minX, minY, maxX, maxY (ST_TileEnvelope);
-- the simplify tolerance in pixels; the values of {table} (none for a layer's table, an overlay's for a
-- scenario: nl.tweeling.feature.Relation); the values of {time}; the smallest size in pixels; the layer's name.
WITH
-- the tile in the set's CRS and its pixel; the tile with its buffer (64 of 4096 units on each side) in the
-- storage CRS 28992, edges densified before the transform (a straight edge in 3857 is curved in 28992), so
-- the condition on geom below compares the column in its own CRS and the GiST index on (geom, geom_crs84)
-- serves it (TileRepositoryTest reads the plan)
tile AS MATERIALIZED (
    SELECT e.envelope,
           (ST_XMax(e.envelope) - ST_XMin(e.envelope)) / 256 AS pixel,
           ST_Transform(ST_Segmentize(ST_Expand(e.envelope, (ST_XMax(e.envelope) - ST_XMin(e.envelope)) / 64),
                                      (ST_XMax(e.envelope) - ST_XMin(e.envelope)) / 16), 28992) AS box
    FROM (SELECT ST_TileEnvelope(?, ?, ?, ST_MakeEnvelope(?, ?, ?, ?, {srid})) AS envelope) AS e
),
-- the features valid then that reach into the buffered tile and are not smaller than minSize pixels on both
-- sides (points always count): clipped in 28992 to the box around the buffered tile (so no more is
-- transformed than the tile shows), moved into the set's CRS, simplified there and fitted to the tile's grid
features AS (
    SELECT ST_AsMVTGeom(
               ST_Simplify(ST_Transform(ST_ClipByBox2D(t.geom, box2d(tile.box)), {srid}), tile.pixel * ?),
               tile.envelope, 4096, 64, true) AS geom,
           t.feature_id::text AS feature_id{properties}
    FROM {table} AS t
    CROSS JOIN tile
    WHERE {time}
      AND ST_Intersects(t.geom, tile.box)
      AND (ST_Dimension(t.geom) = 0
           OR greatest(ST_XMax(t.geom) - ST_XMin(t.geom), ST_YMax(t.geom) - ST_YMin(t.geom))
              >= ? * (ST_XMax(tile.box) - ST_XMin(tile.box)) / 264)
)
SELECT ST_AsMVT(features.*, ?, 4096, 'geom')
FROM features
WHERE features.geom IS NOT NULL
