-- A PATCH of an observation's phenomenonTime: its key moves (to another partition when the month or year
-- changes); an observation already at the new key is a conflict (SQLSTATE 23505).
-- Parameters: 1 new phenomenon time, 2 observation id.
UPDATE tweeling.observation
SET phenomenon_time = ?,
    ingested_at     = now()
WHERE id = ?
