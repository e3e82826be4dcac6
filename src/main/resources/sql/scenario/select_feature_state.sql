-- The version of a feature a scenario shows now: its fid and the start of its version (its entity tag).
-- {relation} the scenario's relation (LayerRelations).
-- Parameters: the values of {relation}; feature id.
SELECT t.fid, t.valid_from
FROM {relation} AS t
WHERE t.feature_id = ?
