-- After a Location's geometry changed (a correction): the feature of interest made from it and the position of
-- the Things now there follow it (the position trigger finds the new point among their current locations).
-- Parameters: 1 location id, 2 location id.
WITH feature AS (
    -- the feature of interest made from the location
    UPDATE tweeling.feature_of_interest AS f
    SET geom       = l.geom,
        geom_crs84 = l.geom_crs84
    FROM tweeling.location AS l
    WHERE l.id = ?
      AND f.location_id = l.id
)
UPDATE tweeling.thing AS t
SET geom = ST_Force2D(ST_PointOnSurface(l.geom))
FROM tweeling.location AS l
JOIN tweeling.thing_location AS tl ON tl.location_id = l.id
WHERE l.id = ?
  AND tl.thing_id = t.id
