-- Adds a content hash to every staged feature (attributes and geometry as delivered).
-- {hash} concatenates the staged text columns; no parameters.
ALTER TABLE feature_stage ADD COLUMN content_hash text;
UPDATE feature_stage AS s
SET content_hash = md5({hash});
CREATE INDEX ON feature_stage (feature_id);
ANALYZE feature_stage
