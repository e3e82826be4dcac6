-- Writes the flooded buildings into the run's result layer, each with its footprint from the buildings relation.
-- {result}: the result layer's table; {buildings}: the buildings layer's relation.
-- Parameters (arrays of one length, one element per flooded building): 1 building ids, 2 buurt codes,
-- 3 ground levels (m NAP), 4 depths (m), 5 addresses, 6 residents.
INSERT INTO {result} (feature_id, building_id, buurt_code, ground_level_m, depth_m, addresses, residents, geom)
SELECT f.id,
       f.id,
       f.buurt_code,
       f.ground_level_m,
       f.depth_m,
       f.addresses,
       f.residents,
       ST_Multi(b.geom)
FROM unnest(?::text[], ?::text[], ?::float8[], ?::float8[], ?::int4[], ?::int4[])
     AS f(id, buurt_code, ground_level_m, depth_m, addresses, residents)
JOIN {buildings} AS b
  ON b.feature_id = f.id
