-- The Thing's current Locations become the given ones, recorded as a HistoricalLocation (V013).
-- Parameters: 1 thing id, 2 location ids (bigint[]), 3 the time of the change.
SELECT tweeling.sta_set_thing_locations(?, ?::bigint[], ?)
