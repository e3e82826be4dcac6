-- The features of a layer as a scenario makes them at a revision, with the layer table's columns: a relation
-- that readers use as FROM (...) AS t (nl.tweeling.feature.Relation), so every filter, sortby, queryable and
-- property column works on it unchanged.
-- {base_columns} and {shadow_columns} list the layer table's columns (b. and s. prefixed, quoted; a column the
-- shadow table lacks is NULL there), {table} is the layer's table, {shadow} its shadow table and {base} the
-- condition on the baseline's rows (current ones, or those valid at the scenario's pinned base instant); all
-- come from the layer registry and tweeling.scenario_layer, never from a request.
-- Parameters: the values of {base}; scenario id, revision, revision; scenario id, revision, revision.
(
-- the baseline's rows whose feature the scenario does not override at the revision (shadow index
-- (scn_id, feature_id, scn_rev_from): one probe per row)
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
UNION ALL
-- the scenario's own versions alive at the revision (a delete hides the feature and adds nothing)
SELECT {shadow_columns}
FROM {shadow} AS s
WHERE s.scn_id = ?
  AND s.scn_op = 'upsert'
  AND s.scn_rev_from <= ?
  AND (s.scn_rev_to IS NULL OR s.scn_rev_to > ?)
)
