-- Revert, step 2: the scenario's versions alive at the revision but ended since come back as new versions.
-- {shadow} the quoted shadow table; {columns} its layer columns (quoted).
-- Parameters: new revision; scenario id, revision, revision, new revision.
INSERT INTO {shadow} ({columns}, scn_id, scn_rev_from, scn_op)
SELECT {columns}, scn_id, ?, scn_op
FROM {shadow}
WHERE scn_id = ?
  AND scn_rev_from <= ?
  AND scn_rev_to > ?
  AND scn_rev_to < ?
