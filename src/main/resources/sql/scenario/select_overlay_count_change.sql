-- How many features a scenario over the live baseline has at a revision more than the baseline's current ones
-- (negative: fewer): its alive upserts of new features count +1, its deletes of baseline features -1; an edit of a
-- baseline feature counts 0. Reads only the scenario's rows of the shadow table (index (scn_id, feature_id, …)).
-- {shadow} the shadow table, {table} the layer's table (both from tweeling.scenario_layer and the registry).
-- Parameters: scenario id, revision, revision.
SELECT coalesce(sum(CASE
                        WHEN s.scn_op = 'upsert' AND b.fid IS NULL THEN 1
                        WHEN s.scn_op = 'delete' AND b.fid IS NOT NULL THEN -1
                        ELSE 0
                    END), 0)
FROM {shadow} AS s
LEFT JOIN {table} AS b
  ON b.feature_id = s.feature_id
 AND b.valid_to IS NULL
WHERE s.scn_id = ?
  AND s.scn_rev_from <= ?
  AND (s.scn_rev_to IS NULL OR s.scn_rev_to > ?)
