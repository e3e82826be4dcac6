-- Adopting, step 1: the baseline's current versions of the features the scenario changed end now.
-- {shadow} the quoted shadow table, {table} the layer's table.
-- Parameters: scenario id.
UPDATE {table} AS b
SET valid_to = now()
FROM {shadow} AS s
WHERE s.scn_id = ?
  AND s.scn_rev_to IS NULL
  AND b.feature_id = s.feature_id
  AND b.valid_to IS NULL
