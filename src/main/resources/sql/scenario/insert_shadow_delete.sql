-- Hides a feature in a scenario from the new revision on: a 'delete' version with the values it had.
-- {shadow} the quoted shadow table, {columns} the layer table's columns (quoted, both lists alike), {relation}
-- the scenario's relation at the previous revision (LayerRelations).
-- Parameters: scenario id, new revision; the values of {relation}; feature id.
INSERT INTO {shadow} ({columns}, scn_id, scn_rev_from, scn_op)
SELECT {t_columns}, ?, ?, 'delete'
FROM {relation} AS t
WHERE t.feature_id = ?
