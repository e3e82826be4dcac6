-- Staging tables for the sample's sensors; they disappear at commit.
-- Parameters: none.
CREATE TEMP TABLE sample_thing (
    key         text,
    name        text,
    description text,
    x           double precision,
    y           double precision
) ON COMMIT DROP;
CREATE TEMP TABLE sample_datastream (
    key               text,
    thing_key         text,
    observed_property text,
    name              text,
    description       text
) ON COMMIT DROP;
CREATE TEMP TABLE sample_observation (
    datastream_key text,
    offset_s       integer,
    result         double precision
) ON COMMIT DROP
