-- A HistoricalLocation posted by a client (a past position); the Thing's current Locations stay as they are.
-- Parameters: 1 thing id, 2 time, 3 location ids (bigint[]).
WITH h AS (
    -- the historical location itself
    INSERT INTO tweeling.historical_location (thing_id, time)
    VALUES (?, ?)
    RETURNING id
), l AS (
    -- its locations
    INSERT INTO tweeling.historical_location_location (historical_location_id, location_id)
    SELECT DISTINCT h.id, x.id
    FROM h, unnest(?::bigint[]) AS x (id)
)
SELECT id
FROM h
