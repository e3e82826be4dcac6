-- The extents of what one write changed in a layer, for the tile caches: the versions it ended (valid_to is its
-- instant: the old geometries) and those it inserted (valid_from is its instant: the new ones), grouped by the
-- grid cell their bounding box's lower left corner lies in, one box per cell. {table} is the layer's table from
-- the registry. Run in the writer's transaction, right after the write.
-- Parameters: 1, 2 the write's instant; 3, 4 the cell size in metres.
WITH
-- the old and new versions the write made
changed AS (
    SELECT t.geom
    FROM {table} AS t
    WHERE (t.valid_to = ? OR t.valid_from = ?)
      AND t.geom IS NOT NULL
),
-- their extent per grid cell
cells AS (
    SELECT ST_Extent(changed.geom) AS e
    FROM changed
    GROUP BY floor(ST_XMin(changed.geom) / ?), floor(ST_YMin(changed.geom) / ?)
)
SELECT ST_XMin(cells.e),
       ST_YMin(cells.e),
       ST_XMax(cells.e),
       ST_YMax(cells.e)
FROM cells
