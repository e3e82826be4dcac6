-- A scenario's overlay of a layer, its second branch: the scenario's own versions alive at the revision (a
-- delete hides the feature and adds nothing). See select_overlay_base.sql.
-- {shadow_columns} lists the layer table's columns as s."column" (NULL for one the shadow table lacks).
-- Parameters: scenario id, revision, revision.
(
SELECT {shadow_columns}
FROM {shadow} AS s
WHERE s.scn_id = ?
  AND s.scn_op = 'upsert'
  AND s.scn_rev_from <= ?
  AND (s.scn_rev_to IS NULL OR s.scn_rev_to > ?)
)
