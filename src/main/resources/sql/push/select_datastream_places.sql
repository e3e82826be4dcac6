-- What a committed observation carries besides its value: for each datastream of a batch its key, its
-- observed property and where its thing is (CRS84 longitude and latitude; NULL without a place).
-- Parameters: 1 datastream ids (bigint[]).
SELECT d.id,
       d.key,
       d.observed_property,
       ST_X(ST_Transform(ST_PointOnSurface(t.geom), 4326)) AS x,
       ST_Y(ST_Transform(ST_PointOnSurface(t.geom), 4326)) AS y
FROM tweeling.datastream AS d
LEFT JOIN tweeling.thing AS t
  ON t.id = d.thing_id
WHERE d.id = ANY (?::bigint[])
