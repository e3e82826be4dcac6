-- buurt-statistics (docs/models/buurt-statistics.md): residents, buildings and dwellings per buurt, written into
-- the run's result layer. {buurten}, {buildings}, {addresses} are the relations of those layers as the run's
-- scenario makes them (ModelContext.relation), {result} the result layer's table.
-- Parameters: 1 and 2 wijk code (NULL: every buurt), 3, 4 and 5 building use (NULL: every building).
-- area: the buurten counted
WITH area AS (
    SELECT feature_id, code, name, geom
    FROM {buurten} AS bu
    WHERE (?::text IS NULL OR bu.wijk_code = ?::text)
),
-- counted_buildings: the buildings counted (of the use asked for), each in the one buurt holding a point of it
-- (the lowest buurt code when two touch there)
counted_buildings AS (
    SELECT DISTINCT ON (b.feature_id) b.feature_id, b.dwellings, area.code
    FROM {buildings} AS b
    JOIN area
      ON ST_Covers(area.geom, ST_PointOnSurface(b.geom))
    WHERE (?::text IS NULL OR b.use = ?::text)
    ORDER BY b.feature_id, area.code
),
-- counted_addresses: addresses in a buurt of the area; with a use, only those of a counted building
counted_addresses AS (
    SELECT DISTINCT ON (a.feature_id) a.feature_id, a.residents, area.code
    FROM {addresses} AS a
    JOIN area
      ON ST_Covers(area.geom, a.geom)
    WHERE (?::text IS NULL OR a.building_id IN (SELECT feature_id FROM counted_buildings))
    ORDER BY a.feature_id, area.code
)
INSERT INTO {result} (feature_id, code, name, residents, buildings, dwellings, geom)
SELECT area.feature_id,
       area.code,
       area.name,
       coalesce((SELECT sum(ca.residents) FROM counted_addresses AS ca WHERE ca.code = area.code), 0),
       (SELECT count(*) FROM counted_buildings AS cb WHERE cb.code = area.code),
       coalesce((SELECT sum(cb.dwellings) FROM counted_buildings AS cb WHERE cb.code = area.code), 0),
       area.geom
FROM area
ORDER BY area.code
