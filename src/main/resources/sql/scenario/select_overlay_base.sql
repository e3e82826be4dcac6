-- A scenario's overlay of a layer, its first branch: the baseline's rows whose feature the scenario does not
-- override at the revision. With select_overlay_edits.sql it makes the layer as the scenario makes it at the
-- revision (nl.tweeling.scenario.LayerRelations: the UNION ALL of the two, or each as a branch of a page).
-- {base_columns} lists the layer table's columns (b. prefixed, quoted), {table} is the layer's table, {shadow}
-- its shadow table and {base} the condition on the baseline's rows (current ones, or those valid at the
-- scenario's pinned base instant); all come from the layer registry and tweeling.scenario_layer.
-- The shadow index (scn_id, feature_id, scn_rev_from) serves the anti join: one probe per row of a page, or a
-- hash of the scenario's edits for a whole count.
-- Parameters: the values of {base}; scenario id, revision, revision.
(
SELECT {base_columns}
FROM {table} AS b
WHERE {base}
  AND NOT EXISTS (
      SELECT 1
      FROM {shadow} AS s
      WHERE s.scn_id = ?
        AND s.feature_id = b.feature_id
        AND s.scn_rev_from <= ?
        AND (s.scn_rev_to IS NULL OR s.scn_rev_to > ?))
)
