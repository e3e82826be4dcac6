-- Tweeling spatial model v1.
--
-- Conventions (docs/architecture.md explains them):
--   * storage CRS is EPSG:28992 (RD New); every layer also keeps a generated CRS84 copy of its
--     geometry (geom_crs84) so GeoJSON pages need no per-request transform;
--   * every row carries lineage: source, source_run (the job that wrote it), source_id (the id it had
--     at the source), fetched_at (when the source was read) and ingested_at (when it arrived here);
--   * every feature row carries history: a stable feature_id, valid_from / valid_to and a content hash.
--     The current version has valid_to IS NULL; older versions stay for `datetime` queries.
--
-- The postgis extension is created by the launcher (it needs a superuser), the schema by Flyway.


-- ---------------------------------------------------------------------------------------------
-- Jobs: one model for imports, sample loads and (later) OGC API - Processes jobs.
-- Status values follow OGC API - Processes: accepted, running, successful, failed, dismissed.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tweeling.job (
    id          uuid PRIMARY KEY,
    kind        text        NOT NULL,               -- 'import', 'sample-load', later 'process:<id>'
    status      text        NOT NULL DEFAULT 'accepted'
                CHECK (status IN ('accepted', 'running', 'successful', 'failed', 'dismissed')),
    progress    integer     NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    message     text,
    inputs      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    results     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_by  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_kind_created_idx ON tweeling.job (kind, created_at DESC);

-- ---------------------------------------------------------------------------------------------
-- Layer registry: every spatial layer the API serves as a collection.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tweeling.layer (
    id              text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_-]{0,62}$'),
    title           text        NOT NULL,
    description     text        NOT NULL DEFAULT '',
    table_schema    text        NOT NULL DEFAULT 'tweeling',
    table_name      text        NOT NULL,
    geometry_type   text        NOT NULL,          -- Point, MultiPolygon, MultiLineString, ...
    source          text        NOT NULL,
    licence         text        NOT NULL DEFAULT 'CC-BY-4.0',
    -- kept current by the writers (imports, sample load): cheap numberMatched and extents
    feature_count   bigint      NOT NULL DEFAULT 0,
    extent_crs84    double precision[],            -- {minx, miny, maxx, maxy}
    temporal_start  timestamptz,
    temporal_end    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (table_schema, table_name)
);

-- ---------------------------------------------------------------------------------------------
-- Base layers. Each has the same history + lineage columns; only attributes differ.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tweeling.wijken (
    fid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id    text        NOT NULL,
    code          text        NOT NULL,          -- wijknummer, e.g. '01'
    name          text        NOT NULL,
    geom          geometry(MultiPolygon, 28992) NOT NULL,
    geom_crs84    geometry(MultiPolygon, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT now(),
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL,
    source_run    uuid REFERENCES tweeling.job (id),
    source_id     text,
    fetched_at    timestamptz,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tweeling.buurten (
    fid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id    text        NOT NULL,
    code          text        NOT NULL,          -- buurtnummer (BRTNR), e.g. '100'
    cbs_code      text,                          -- BU0193xxxx
    name          text        NOT NULL,
    wijk_code     text        NOT NULL,
    residents     integer,
    dwellings     integer,
    geom          geometry(MultiPolygon, 28992) NOT NULL,
    geom_crs84    geometry(MultiPolygon, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT now(),
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL,
    source_run    uuid REFERENCES tweeling.job (id),
    source_id     text,
    fetched_at    timestamptz,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tweeling.buildings (
    fid               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id        text        NOT NULL,
    buurt_code        text,
    height_m          real,                      -- building height above ground, m
    ground_level_m    real,                      -- ground level, m above NAP
    construction_year smallint,
    use               text,                      -- residential, office, retail, industrial, education, health, other
    dwellings         integer     NOT NULL DEFAULT 0,
    geom              geometry(MultiPolygon, 28992) NOT NULL,
    geom_crs84        geometry(MultiPolygon, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from        timestamptz NOT NULL DEFAULT now(),
    valid_to          timestamptz,
    content_hash      text,
    source            text        NOT NULL,
    source_run        uuid REFERENCES tweeling.job (id),
    source_id         text,
    fetched_at        timestamptz,
    ingested_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tweeling.addresses (
    fid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id    text        NOT NULL,
    building_id   text,                          -- feature_id of the building
    street        text,
    house_number  integer,
    postcode      text,
    residents     smallint    NOT NULL DEFAULT 0,
    geom          geometry(Point, 28992) NOT NULL,
    geom_crs84    geometry(Point, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT now(),
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL,
    source_run    uuid REFERENCES tweeling.job (id),
    source_id     text,
    fetched_at    timestamptz,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tweeling.roads (
    fid                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id          text        NOT NULL,
    name                text,
    road_class          text        NOT NULL,    -- motorway, arterial, collector, local, cycleway
    speed_limit_kmh     smallint,
    intensity_per_day   integer,                 -- motor vehicles per day (both directions)
    heavy_share         real,                    -- share of heavy vehicles, 0..1
    geom                geometry(MultiLineString, 28992) NOT NULL,
    geom_crs84          geometry(MultiLineString, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from          timestamptz NOT NULL DEFAULT now(),
    valid_to            timestamptz,
    content_hash        text,
    source              text        NOT NULL,
    source_run          uuid REFERENCES tweeling.job (id),
    source_id           text,
    fetched_at          timestamptz,
    ingested_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tweeling.green (
    fid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id    text        NOT NULL,
    kind          text        NOT NULL,          -- park, tree
    name          text,
    geom          geometry(Geometry, 28992) NOT NULL,   -- parks: MultiPolygon, trees: Point
    geom_crs84    geometry(Geometry, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT now(),
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL,
    source_run    uuid REFERENCES tweeling.job (id),
    source_id     text,
    fetched_at    timestamptz,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tweeling.landcover (
    fid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id    text        NOT NULL,
    cover         text        NOT NULL CHECK (cover IN ('built', 'paved', 'green', 'water')),
    geom          geometry(MultiPolygon, 28992) NOT NULL,
    geom_crs84    geometry(MultiPolygon, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT now(),
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL,
    source_run    uuid REFERENCES tweeling.job (id),
    source_id     text,
    fetched_at    timestamptz,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tweeling.facilities (
    fid           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feature_id    text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('school', 'gp', 'supermarket', 'bus_stop', 'park_entrance')),
    name          text,
    geom          geometry(Point, 28992) NOT NULL,
    geom_crs84    geometry(Point, 4326) GENERATED ALWAYS AS (ST_Transform(geom, 4326)) STORED,
    valid_from    timestamptz NOT NULL DEFAULT now(),
    valid_to      timestamptz,
    content_hash  text,
    source        text        NOT NULL,
    source_run    uuid REFERENCES tweeling.job (id),
    source_id     text,
    fetched_at    timestamptz,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);

-- Indexes shared by all layer tables: one current version per feature, spatial indexes on both
-- geometries (current rows only, the common case), and (feature_id, valid_from) for history.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['wijken', 'buurten', 'buildings', 'addresses', 'roads', 'green', 'landcover', 'facilities']
    LOOP
        EXECUTE format('CREATE UNIQUE INDEX %1$s_current_uk ON tweeling.%1$I (feature_id) WHERE valid_to IS NULL', t);
        EXECUTE format('CREATE UNIQUE INDEX %1$s_version_uk ON tweeling.%1$I (feature_id, valid_from)', t);
        EXECUTE format('CREATE INDEX %1$s_geom_idx ON tweeling.%1$I USING gist (geom)', t);
        EXECUTE format('CREATE INDEX %1$s_geom_crs84_idx ON tweeling.%1$I USING gist (geom_crs84)', t);
    END LOOP;
END $$;

INSERT INTO tweeling.layer (id, title, description, table_name, geometry_type, source, licence) VALUES
  ('wijken',     'Wijken',      'The 16 districts (wijken) of Zwolle.',                                         'wijken',     'MultiPolygon',    'tweeling-sample', 'CC0-1.0'),
  ('buurten',    'Buurten',     'Neighbourhoods (buurten) of Zwolle with residents and dwellings.',             'buurten',    'MultiPolygon',    'tweeling-sample', 'CC0-1.0'),
  ('buildings',  'Buildings',   'Building footprints with height, ground level (m NAP), year, use, dwellings.', 'buildings',  'MultiPolygon',    'tweeling-sample', 'CC0-1.0'),
  ('addresses',  'Addresses',   'Address points with number of residents.',                                     'addresses',  'Point',           'tweeling-sample', 'CC0-1.0'),
  ('roads',      'Roads',       'Road centre lines with class, speed limit, daily intensity and heavy share.',  'roads',      'MultiLineString', 'tweeling-sample', 'CC0-1.0'),
  ('green',      'Green',       'Parks (polygons) and trees (points).',                                         'green',      'Geometry',        'tweeling-sample', 'CC0-1.0'),
  ('landcover',  'Land cover',  'Land cover: built, paved, green, water.',                                      'landcover',  'MultiPolygon',    'tweeling-sample', 'CC0-1.0'),
  ('facilities', 'Facilities',  'Schools, GPs, supermarkets, bus stops and park entrances.',                    'facilities', 'Point',           'tweeling-sample', 'CC0-1.0');

-- ---------------------------------------------------------------------------------------------
-- Sensors (SensorThings-shaped): things, observed properties, datastreams, observations.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tweeling.observed_property (
    id              text PRIMARY KEY,               -- 'NO2', 'PM10', 'water_level', ...
    name            text        NOT NULL,
    definition      text,
    unit_name       text        NOT NULL,
    unit_symbol     text        NOT NULL,
    plausible_min   double precision,               -- results outside [min, max] are rejected
    plausible_max   double precision
);

INSERT INTO tweeling.observed_property (id, name, definition, unit_name, unit_symbol, plausible_min, plausible_max) VALUES
  ('NO2',            'Nitrogen dioxide concentration', 'http://vocab.nerc.ac.uk/collection/P01/current/CONCNO2A/', 'microgram per cubic metre', 'µg/m3',  0,    1000),
  ('PM10',           'PM10 concentration',             'http://vocab.nerc.ac.uk/collection/P01/current/PM10XXXX/', 'microgram per cubic metre', 'µg/m3',  0,    2000),
  ('PM2.5',          'PM2.5 concentration',            'http://vocab.nerc.ac.uk/collection/P01/current/PM25XXXX/', 'microgram per cubic metre', 'µg/m3',  0,    2000),
  ('traffic_count',  'Motor vehicles passing',         'https://tweeling.nl/def/traffic_count',                    'vehicles per hour',         'veh/h',  0,    20000),
  ('parking_occupancy', 'Parking occupancy',           'https://tweeling.nl/def/parking_occupancy',                'percent',                   '%',      0,    100),
  ('water_level',    'Water level relative to NAP',    'https://tweeling.nl/def/water_level',                      'centimetre',                'cm',     -500, 2000),
  ('air_temperature','Air temperature',                'http://vocab.nerc.ac.uk/collection/P07/current/CFSN0023/', 'degree Celsius',            '°C',     -50,  60),
  ('noise_level',    'Sound pressure level (A)',       'https://tweeling.nl/def/noise_level',                      'decibel (A-weighted)',      'dB(A)',  0,    160);

CREATE TABLE tweeling.thing (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key           text        NOT NULL UNIQUE,      -- external id, e.g. 'zwolle-air-01'
    name          text        NOT NULL,
    description   text        NOT NULL DEFAULT '',
    properties    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    geom          geometry(Point, 28992),
    source        text        NOT NULL,
    source_run    uuid REFERENCES tweeling.job (id),
    source_id     text,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tweeling.datastream (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key                 text        NOT NULL UNIQUE, -- external id, e.g. 'zwolle-air-01-no2'
    thing_id            bigint      NOT NULL REFERENCES tweeling.thing (id),
    observed_property   text        NOT NULL REFERENCES tweeling.observed_property (id),
    name                text        NOT NULL,
    description         text        NOT NULL DEFAULT '',
    observation_type    text        NOT NULL DEFAULT 'OM_Measurement',
    geom                geometry(Point, 28992),
    -- latest value, kept current by the ingest writer
    latest_time         timestamptz,
    latest_result       double precision,
    source              text        NOT NULL,
    source_run          uuid REFERENCES tweeling.job (id),
    source_id           text,
    ingested_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX datastream_thing_idx ON tweeling.datastream (thing_id);
CREATE INDEX datastream_geom_idx ON tweeling.datastream USING gist (geom);

-- Observations, partitioned by phenomenon time: yearly partitions for old data, monthly ones
-- around now (created ahead by the app: tweeling.ensure_observation_partitions), and a default
-- partition that catches anything else so no write ever fails for lack of a partition.
CREATE TABLE tweeling.observation (
    datastream_id     bigint           NOT NULL,
    phenomenon_time   timestamptz      NOT NULL,
    result            double precision,              -- numeric results
    result_json       jsonb,                         -- any other result type
    quality           text,
    source            text             NOT NULL,     -- e.g. 'kafka:tweeling.observations/3', 'tweeling-sample'
    source_run        uuid,                          -- the job that wrote it, when it came from a job
    source_offset     bigint,                        -- position at the source (Kafka offset, line number)
    corrections       integer          NOT NULL DEFAULT 0,
    ingested_at       timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (datastream_id, phenomenon_time)
) PARTITION BY RANGE (phenomenon_time);

CREATE TABLE tweeling.observation_default PARTITION OF tweeling.observation DEFAULT;

-- Creates the partitions that cover [from_ts, to_ts): whole years before the year of yearly_until,
-- months from then on. A partition is only created where no existing one overlaps, so the function
-- is idempotent and safe to call from several app instances (they serialise on an advisory lock).
CREATE FUNCTION tweeling.ensure_observation_partitions(from_ts timestamptz, to_ts timestamptz, yearly_until timestamptz)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    lo        timestamptz;
    hi        timestamptz;
    created   integer := 0;
    part_name text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('tweeling.observation partitions'));
    lo := date_trunc('year', from_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    WHILE lo < to_ts LOOP
        IF lo < date_trunc('year', yearly_until AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' THEN
            hi := ((lo AT TIME ZONE 'UTC') + interval '1 year') AT TIME ZONE 'UTC';
            part_name := 'observation_y' || to_char(lo AT TIME ZONE 'UTC', 'YYYY');
        ELSE
            hi := ((lo AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
            part_name := 'observation_m' || to_char(lo AT TIME ZONE 'UTC', 'YYYYMM');
        END IF;
        IF NOT EXISTS (
            SELECT 1
            FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'tweeling.observation'::regclass
              AND c.relname <> 'observation_default'
              AND tstzrange(lo, hi) && tstzrange(
                    (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz,
                    (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz)
        ) THEN
            BEGIN
                EXECUTE format('CREATE TABLE tweeling.%I PARTITION OF tweeling.observation FOR VALUES FROM (%L) TO (%L)',
                               part_name, lo, hi);
                created := created + 1;
            EXCEPTION WHEN check_violation THEN
                -- the default partition already holds rows of this range: they stay there, still served
                RAISE WARNING 'partition % not created: the default partition holds rows in its range', part_name;
            END;
        END IF;
        lo := hi;
    END LOOP;
    RETURN created;
END $$;

-- ---------------------------------------------------------------------------------------------
-- API keys: stored as SHA-256 of the secret only. Roles: ingest, planner, admin (admin implies all).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tweeling.api_key (
    name        text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$'),
    key_hash    text        NOT NULL UNIQUE,        -- hex SHA-256 of the whole key
    roles       text[]      NOT NULL CHECK (roles <@ ARRAY['ingest', 'planner', 'admin']::text[] AND cardinality(roles) > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
