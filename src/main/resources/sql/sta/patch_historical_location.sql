-- PATCH of a HistoricalLocation (NULL parameters: not given).
-- Parameters: 1 time, 2 thing id, 3 historical location id.
UPDATE tweeling.historical_location
SET time     = coalesce(?, time),
    thing_id = coalesce(?, thing_id)
WHERE id = ?
