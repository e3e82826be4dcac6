-- Adopting, the check: features the scenario changed (versions alive at its current revision) whose baseline
-- versions changed after the scenario's base instant (a new version began or the current one ended since).
-- {shadow} the quoted shadow table, {table} the layer's table.
-- Parameters: scenario id, base instant, base instant.
SELECT DISTINCT s.feature_id
FROM {shadow} AS s
JOIN {table} AS b
  ON b.feature_id = s.feature_id
WHERE s.scn_id = ?
  AND s.scn_rev_to IS NULL
  AND (b.valid_from > ? OR b.valid_to > ?)
ORDER BY s.feature_id
