-- Scenarios (docs/scenarios.md): versioned copy-on-write overlays on the baseline layers.
--
--   * tweeling.scenario: one row per scenario; owner is the holder of the API key that made it; base_at is
--     NULL for a scenario over the live baseline, else the instant whose versions it starts from;
--     revision is the scenario's current revision (0: made, nothing edited).
--   * tweeling.scenario_revision: one row per request that changed a scenario (each edit, each revert).
--   * tweeling.scenario_layer: the shadow table of each layer some scenario edited, in schema
--     tweeling_scenario. A shadow table has the layer table's columns (no identity, no generated column,
--     no constraint but NOT NULL) plus scn_id, scn_rev_from, scn_rev_to and scn_op; its rows are the
--     scenarios' versions of features: alive at revision R when scn_rev_from <= R < coalesce(scn_rev_to, ∞);
--     op 'upsert' replaces (or adds) the feature, 'delete' hides it. The baseline tables are never written.
--     layer_id has no foreign key: a layer removed from the baseline keeps its scenarios' edits, so they can
--     say that their layer is gone.
--   * tweeling.scenario_edit: which layers each scenario edited, and at which revision first.

CREATE SCHEMA IF NOT EXISTS tweeling_scenario;

CREATE TABLE tweeling.scenario (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description  text        NOT NULL DEFAULT '',
    owner        text        NOT NULL,
    visibility   text        NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'shared')),
    base_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revision     integer     NOT NULL DEFAULT 0,
    adopted_at   timestamptz,
    adopted_by   text
);

CREATE INDEX scenario_owner ON tweeling.scenario (owner);

CREATE TABLE tweeling.scenario_revision (
    scenario_id  bigint      NOT NULL REFERENCES tweeling.scenario (id) ON DELETE CASCADE,
    number       integer     NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text        NOT NULL,
    message      text        NOT NULL,
    PRIMARY KEY (scenario_id, number)
);

CREATE TABLE tweeling.scenario_layer (
    layer_id      text        PRIMARY KEY,
    shadow_table  text        NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tweeling.scenario_edit (
    scenario_id  bigint  NOT NULL REFERENCES tweeling.scenario (id) ON DELETE CASCADE,
    layer_id     text    NOT NULL REFERENCES tweeling.scenario_layer (layer_id),
    first_revision integer NOT NULL,
    PRIMARY KEY (scenario_id, layer_id)
);
