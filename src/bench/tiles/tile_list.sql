-- Candidate tiles of the tiles benchmark: every tile of levels :zfrom to :zto of a tile matrix set that
-- intersects the city (the union of the current buurten), each with its rank in a seeded order within its
-- level (md5 of seed and z/x/y, so the order depends on nothing but the tile and the seed) and the number of
-- candidates at its level. tiles.sh takes the first ranks of each level (its quotas).
-- Parameters (psql variables): srid, the set's bounds minx miny maxx maxy (ST_TileEnvelope), zfrom, zto, seed.
WITH
-- the city in the set's CRS, and its bounding box
city AS MATERIALIZED (
    SELECT ST_Transform(ST_Union(geom), :srid) AS geom
    FROM tweeling.buurten
    WHERE valid_to IS NULL
),
-- per level: the tile size and the range of columns and rows that the city's box covers
levels AS (
    SELECT z,
           (:maxx - :minx) / (1 << z) AS size,
           floor((ST_XMin(city.geom) - :minx) / ((:maxx - :minx) / (1 << z)))::int AS col0,
           floor((ST_XMax(city.geom) - :minx) / ((:maxx - :minx) / (1 << z)))::int AS col1,
           floor((:maxy - ST_YMax(city.geom)) / ((:maxy - :miny) / (1 << z)))::int AS row0,
           floor((:maxy - ST_YMin(city.geom)) / ((:maxy - :miny) / (1 << z)))::int AS row1
    FROM generate_series(:zfrom, :zto) AS z
    CROSS JOIN city
),
-- the tiles of that range whose envelope intersects the city itself
candidates AS (
    SELECT l.z, x, y
    FROM levels AS l
    CROSS JOIN LATERAL generate_series(l.col0, l.col1) AS x
    CROSS JOIN LATERAL generate_series(l.row0, l.row1) AS y
    CROSS JOIN city
    WHERE ST_Intersects(ST_TileEnvelope(l.z, x, y, ST_MakeEnvelope(:minx, :miny, :maxx, :maxy, :srid)), city.geom)
)
SELECT z,
       x,
       y,
       row_number() OVER (PARTITION BY z ORDER BY md5(:'seed' || '/' || z || '/' || x || '/' || y)) AS rank,
       count(*) OVER (PARTITION BY z) AS candidates
FROM candidates
ORDER BY z, rank
