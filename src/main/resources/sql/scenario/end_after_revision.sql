-- Revert, step 1: the scenario's versions made after the revision that are still alive end at the new one.
-- {shadow} the quoted shadow table.
-- Parameters: new revision, scenario id, revision reverted to.
UPDATE {shadow}
SET scn_rev_to = ?
WHERE scn_id = ?
  AND scn_rev_to IS NULL
  AND scn_rev_from > ?
