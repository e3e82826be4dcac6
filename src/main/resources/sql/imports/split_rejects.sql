-- Moves the features the geometry policy rejected out of feature_stage into feature_reject, and
-- hashes the rest: attributes as text, then the stored geometry's bytes. {hash_columns} lists the
-- attribute columns as "coalesce(s.col::text, chr(30)), ". No parameters.
CREATE TEMP TABLE feature_reject ON COMMIT DROP AS
SELECT source_fid, feature_id, reject
FROM feature_stage
WHERE reject IS NOT NULL;
DELETE FROM feature_stage WHERE reject IS NOT NULL;
ALTER TABLE feature_stage ADD COLUMN content_hash text;
UPDATE feature_stage AS s
SET content_hash = md5(concat_ws(chr(31), {hash_columns}md5(ST_AsEWKB(s.geom))));
CREATE INDEX ON feature_stage (feature_id);
ANALYZE feature_stage
