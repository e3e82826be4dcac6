-- Writes the flooded addresses into the run's result layer, each with its point from the addresses relation.
-- {result}: the result layer's table; {addresses}: the addresses layer's relation.
-- Parameters (arrays of one length, one element per flooded address): 1 address ids, 2 building ids,
-- 3 buurt codes, 4 residents, 5 depths (m).
INSERT INTO {result} (feature_id, address_id, building_id, buurt_code, residents, depth_m, geom)
SELECT f.id,
       f.id,
       f.building_id,
       f.buurt_code,
       f.residents,
       f.depth_m,
       a.geom
FROM unnest(?::text[], ?::text[], ?::text[], ?::int4[], ?::float8[])
     AS f(id, building_id, buurt_code, residents, depth_m)
JOIN {addresses} AS a
  ON a.feature_id = f.id
