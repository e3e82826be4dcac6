-- Statistics of one observed property's numeric observations per area of a polygon layer (and per time bucket),
-- a sensor counting in the area its thing was located in at each observation's time (thing_location_period,
-- V008), not where it is now. Each datastream's stay in an area is cut by tweeling.rollup_cover (V009) into
-- raw edges, whole UTC hours and whole local days, read from the raw rows, observation_hourly and
-- observation_daily; width_bucket finds each row's bucket by its start (the caller allows hours or days only
-- when every bucket boundary is one). Every current area of the layer is a row, with NULL totals and cells
-- when no sensor observed there.
-- {table} is the layer's table (quoted, from the registry), {geometry} its geometry in the requested CRS and
-- {properties} its attribute columns as jsonb (from the registry, as the items build them).
-- Parameters: 1 start, 2 end, 3 observed property, 4 use hourly rollups, 5 use daily rollups,
--             6 bucket boundaries (timestamptz[]: the starts in order, then the last end).
WITH range AS (
    -- the requested [start, end)
    SELECT tstzrange(?::timestamptz, ?::timestamptz, '[)') AS r
),
placed AS (
    -- each datastream of the property in each area its thing was in, for the part of the range it was there
    -- (a location's point on surface decides; a point on a shared border counts in both areas)
    SELECT DISTINCT d.id AS datastream_id, t.feature_id AS area, p.valid * range.r AS valid
    FROM range
    JOIN tweeling.thing_location_period AS p ON p.valid && range.r
    JOIN tweeling.datastream AS d ON d.thing_id = p.thing_id
    JOIN tweeling.location AS l ON l.id = p.location_id
    JOIN {table} AS t ON t.valid_to IS NULL AND ST_Intersects(t.geom, ST_PointOnSurface(l.geom))
    WHERE d.observed_property = ?
),
piece AS (
    -- each stay cut into raw edges ('r'), whole hours ('h') and whole local days ('d')
    SELECT pl.datastream_id, pl.area, c.kind, c.piece_start, c.piece_end
    FROM placed AS pl
    CROSS JOIN LATERAL tweeling.rollup_cover(lower(pl.valid), upper(pl.valid), ?, ?) AS c
    WHERE NOT isempty(pl.valid)
),
part AS (
    -- raw observations of the edges
    SELECT p.area, p.datastream_id, o.phenomenon_time AS t, 1::bigint AS n, o.result AS sum, o.result AS min,
           o.result AS max
    FROM piece AS p
    JOIN tweeling.observation AS o
      ON o.datastream_id = p.datastream_id
     AND o.phenomenon_time >= p.piece_start
     AND o.phenomenon_time < p.piece_end
    WHERE p.kind = 'r'
      AND o.result IS NOT NULL
    UNION ALL
    -- whole UTC hours
    SELECT p.area, p.datastream_id, h.hour, h.n, h.sum, h.min, h.max
    FROM piece AS p
    JOIN tweeling.observation_hourly AS h
      ON h.datastream_id = p.datastream_id
     AND h.hour >= p.piece_start
     AND h.hour < p.piece_end
    WHERE p.kind = 'h'
    UNION ALL
    -- whole local days
    SELECT p.area, p.datastream_id, d.day_start, d.n, d.sum, d.min, d.max
    FROM piece AS p
    JOIN tweeling.observation_daily AS d
      ON d.datastream_id = p.datastream_id
     AND d.day_start >= p.piece_start
     AND d.day_start < p.piece_end
    WHERE p.kind = 'd'
),
bucketed AS (
    -- each part with its bucket
    SELECT part.*, width_bucket(part.t, ?::timestamptz[]) AS bucket
    FROM part
),
cell AS (
    -- per area and bucket: sensors, observations, sum, min, max
    SELECT area, bucket, count(DISTINCT datastream_id) AS sensors, sum(n) AS n, sum(sum) AS sum, min(min) AS min,
           max(max) AS max
    FROM bucketed
    GROUP BY area, bucket
),
cells AS (
    -- per area: its cells as one JSON array [bucket, sensors, count, sum, min, max] in bucket order
    SELECT area, json_agg(json_build_array(bucket, sensors, n, sum, min, max) ORDER BY bucket) AS cells
    FROM cell
    GROUP BY area
),
total AS (
    -- per area over the whole range
    SELECT area, count(DISTINCT datastream_id) AS sensors, sum(n) AS n, sum(sum) AS sum, min(min) AS min,
           max(max) AS max
    FROM part
    GROUP BY area
)
SELECT t.feature_id,
       ST_AsGeoJSON({geometry}, {decimals}, 0) AS geometry,
       ({properties})::text AS properties,
       total.sensors,
       total.n,
       total.sum,
       total.min,
       total.max,
       cells.cells::text AS cells
FROM {table} AS t
LEFT JOIN total ON total.area = t.feature_id
LEFT JOIN cells ON cells.area = t.feature_id
WHERE t.valid_to IS NULL
ORDER BY t.feature_id
