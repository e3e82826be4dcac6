-- Editing features through the API (OGC API – Features Part 4; docs/api.md, "Editing features (Part 4)").
--
-- A new role, editor, for keys that create, replace, update and delete features: keys and access levels
-- may name it (admin still implies every role).
ALTER TABLE tweeling.api_key DROP CONSTRAINT api_key_roles_check;
ALTER TABLE tweeling.api_key ADD CONSTRAINT api_key_roles_check
    CHECK (roles <@ ARRAY['ingest', 'planner', 'editor', 'admin']::text[] AND cardinality(roles) > 0);
ALTER TABLE tweeling.layer DROP CONSTRAINT layer_access_check;
ALTER TABLE tweeling.layer ADD CONSTRAINT layer_access_check
    CHECK (access IN ('public', 'authenticated', 'ingest', 'planner', 'editor', 'admin'));

-- One row per edit made through the API: who (the API key's name), what, when. A version an edit wrote has
-- source = 'api' and source_id = this row's id (source_run names jobs only); a delete writes no version, so
-- this log is where its holder is kept. Not served: the holder's name is personal data (docs/security.md).
CREATE TABLE tweeling.feature_edit (
    id           uuid PRIMARY KEY,
    layer_id     text        NOT NULL,          -- no foreign key: the log outlives a removed layer
    feature_id   text        NOT NULL,
    operation    text        NOT NULL CHECK (operation IN ('create', 'replace', 'update', 'delete')),
    holder       text        NOT NULL,          -- tweeling.api_key.name of the key that made the edit
    edited_at    timestamptz NOT NULL,          -- valid_from of the version written, valid_to of the one ended
    scenario_id  text                           -- null for the live baseline; else the scenario edited
);
CREATE INDEX feature_edit_feature_idx ON tweeling.feature_edit (layer_id, feature_id, edited_at);
