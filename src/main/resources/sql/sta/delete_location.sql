-- Deletes a Location: the HistoricalLocations that had only it go along (SensorThings integrity), the Things
-- there get a point on another of their current locations as position (or none), then the location itself
-- (thing_location and historical_location_location rows cascade; its feature of interest stays).
-- Parameters: 1 location id, 2 the same, 3 the same, 4 the same, 5 the same.
WITH history AS (
    -- historical locations with no other location
    DELETE FROM tweeling.historical_location AS h
    WHERE EXISTS (SELECT 1 FROM tweeling.historical_location_location AS x
                  WHERE x.historical_location_id = h.id AND x.location_id = ?)
      AND NOT EXISTS (SELECT 1 FROM tweeling.historical_location_location AS x
                      WHERE x.historical_location_id = h.id AND x.location_id <> ?)
), things AS (
    -- the position of the things now there
    UPDATE tweeling.thing AS t
    SET geom = (SELECT ST_Force2D(ST_PointOnSurface(l.geom))
                FROM tweeling.thing_location AS tl
                JOIN tweeling.location AS l ON l.id = tl.location_id
                WHERE tl.thing_id = t.id
                  AND l.id <> ?
                ORDER BY l.id
                LIMIT 1)
    WHERE t.id IN (SELECT tl.thing_id FROM tweeling.thing_location AS tl WHERE tl.location_id = ?)
)
DELETE FROM tweeling.location
WHERE id = ?
