-- A scenario's new version of a feature (create, replace or update), alive from the new revision.
-- {shadow} the quoted shadow table, {columns} the columns written (those a create leaves out get the layer's
-- defaults, which the shadow table copied), {values} an expression per column (bound values cast to the
-- column's type, or the current version's t."column"), {geometry} the new geometry (or t.geom), {relation} the
-- scenario's relation at the previous revision: t is the feature's current version, or NULLs for a new feature.
-- All identifiers come from the layer registry.
-- Parameters: the values of {values}; scenario id, new revision; the values of {relation}; the feature id; the
-- values of {geometry}.
INSERT INTO {shadow} ({columns}, scn_id, scn_rev_from, scn_op)
SELECT {values}, ?, ?, 'upsert'
FROM (SELECT 1) AS one
LEFT JOIN {relation} AS t
  ON t.feature_id = ?
CROSS JOIN LATERAL (SELECT {geometry} AS geom) AS g
RETURNING fid, valid_from
