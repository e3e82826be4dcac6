-- The (empty) outputs of stage_features.sql and split_rejects.sql, for a new layer whose features all went
-- in directly (insert_new_features.sql): nothing to repair, reject or insert afterwards. No parameters.
CREATE TEMP TABLE feature_reject (source_fid text, feature_id text, reject text) ON COMMIT DROP;
CREATE TEMP TABLE feature_stage (feature_id text, content_hash text) ON COMMIT DROP
