-- Planner statistics for a new layer's table, at the end of its first load, on the columns that choose
-- the plans of item pages: without them the planner takes the current versions (valid_to IS NULL) for a
-- few hundred rows and pages through a bitmap AND of two indexes plus a sort (see
-- feature/analyze_layer.sql). The geometry and attribute columns are left to autovacuum's analyze, which a
-- first load of more than a few dozen rows triggers within a minute: they cost ten times as much here.
-- {table} is the new layer's table, quoted. No parameters.
ANALYZE {table} (fid, feature_id, valid_from, valid_to)
