-- A layer's shadow table: the layer table's columns (LIKE copies names, types, NOT NULL and defaults; the
-- identity and generated columns become plain ones, which the scenario's writes fill) and the overlay's own.
-- {shadow} and {table} are quoted names from the layer registry and tweeling.scenario_layer.
CREATE TABLE {shadow} (
    LIKE {table} INCLUDING DEFAULTS,
    scn_id        bigint  NOT NULL,
    scn_rev_from  integer NOT NULL,
    scn_rev_to    integer,
    scn_op        text    NOT NULL CHECK (scn_op IN ('upsert', 'delete'))
)
