-- Ends the scenario's version of a feature that is alive now, at the new revision.
-- {shadow} is the quoted shadow table.
-- Parameters: new revision, scenario id, feature id.
UPDATE {shadow}
SET scn_rev_to = ?
WHERE scn_id = ?
  AND feature_id = ?
  AND scn_rev_to IS NULL
