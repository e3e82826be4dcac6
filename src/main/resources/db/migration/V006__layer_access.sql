-- Layer metadata an operator manages (PATCH /collections/{id}) and who may read what (docs/security.md,
-- "Who may read what").
--   access      who sees the layer at all: public (anyone), authenticated (any valid API key), or a role
--               (ingest, planner, admin; admin sees everything)
--   restricted  properties only some callers see: {"property": "authenticated" | role}
ALTER TABLE tweeling.layer
    ADD COLUMN keywords    text[] NOT NULL DEFAULT '{}',
    ADD COLUMN attribution text   NOT NULL DEFAULT '',
    ADD COLUMN licence_url text,
    ADD COLUMN access      text   NOT NULL DEFAULT 'public'
        CHECK (access IN ('public', 'authenticated', 'ingest', 'planner', 'admin')),
    ADD COLUMN restricted  jsonb  NOT NULL DEFAULT '{}'
        CHECK (jsonb_typeof(restricted) = 'object');

-- Residents per address is personal data under the GDPR (a person's household size at a known address):
-- planners see it, the public sees the addresses without it.
UPDATE tweeling.layer SET restricted = '{"residents": "planner"}' WHERE id = 'addresses';
UPDATE tweeling.layer SET attribution = 'Tweeling, generated sample of Zwolle (data-samples/zwolle)'
WHERE source = 'tweeling-sample';
UPDATE tweeling.layer SET description = 'Address points of Zwolle (generated sample).'
WHERE id = 'addresses' AND description = 'Address points with number of residents.';
