-- Splits the checked features: those the geometry policy rejected go to feature_reject, the others to
-- feature_stage (the input of the versioning step) with their content hash: attributes as text, then the
-- stored geometry's bytes. {attributes} lists the attribute columns as "s.col, ", {content_hash} is the hash
-- over them and the geometry (ImportRepository.contentHash). No parameters.
CREATE TEMP TABLE feature_reject ON COMMIT DROP AS
SELECT source_fid, feature_id, reject
FROM feature_checked
WHERE reject IS NOT NULL;
CREATE TEMP TABLE feature_stage ON COMMIT DROP AS
SELECT s.feature_id,
       {attributes}
       s.geom,
       {content_hash} AS content_hash
FROM feature_checked AS s
WHERE s.reject IS NULL;
DROP TABLE feature_checked;
CREATE INDEX ON feature_stage (feature_id)
