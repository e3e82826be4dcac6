-- The rest of the SensorThings data model next to things, datastreams and observations: sensors, locations
-- with their history, features of interest, and the observation columns STA has beyond ours. Every writer
-- (sample, harvesters, ingest, the SensorThings API) keeps them consistent through the triggers below, so
-- no writer has to remember them.

-- ---------------------------------------------------------------------------------------------
-- Observed properties get a numeric id for SensorThings (their text id stays the key the ingest
-- messages and datastreams use).
-- ---------------------------------------------------------------------------------------------
ALTER TABLE tweeling.observed_property
    ADD COLUMN sta_id      bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    ADD COLUMN description text  NOT NULL DEFAULT '',
    ADD COLUMN properties  jsonb NOT NULL DEFAULT '{}'::jsonb;

-- ---------------------------------------------------------------------------------------------
-- Sensors: the instrument or procedure behind a datastream.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tweeling.sensor (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key           text        NOT NULL UNIQUE,
    name          text        NOT NULL,
    description   text        NOT NULL DEFAULT '',
    encoding_type text        NOT NULL DEFAULT 'text/html',
    metadata      text        NOT NULL DEFAULT '',
    properties    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    source        text        NOT NULL,
    source_run    uuid,
    source_id     text,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE tweeling.datastream
    ADD COLUMN sensor_id             bigint REFERENCES tweeling.sensor (id),
    ADD COLUMN properties            jsonb  NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN unit_name             text,    -- NULL: the observed property's unit
    ADD COLUMN unit_symbol           text,
    ADD COLUMN unit_definition       text,
    ADD COLUMN observed_area         geometry(Geometry, 28992);
CREATE INDEX datastream_sensor_idx ON tweeling.datastream (sensor_id);

-- A datastream registered without a sensor gets one of its own (key = the datastream's key), so every
-- datastream has the sensor SensorThings requires.
CREATE FUNCTION tweeling.datastream_default_sensor() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.sensor_id IS NULL THEN
        INSERT INTO tweeling.sensor AS s (key, name, description, source, source_run, source_id)
        VALUES ('datastream:' || NEW.key, 'Sensor of ' || NEW.name,
                'The instrument behind datastream ' || NEW.key || '.', NEW.source, NEW.source_run, NEW.key)
        ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name
        RETURNING s.id INTO NEW.sensor_id;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER datastream_default_sensor BEFORE INSERT OR UPDATE OF sensor_id ON tweeling.datastream
    FOR EACH ROW EXECUTE FUNCTION tweeling.datastream_default_sensor();

UPDATE tweeling.datastream SET sensor_id = NULL WHERE sensor_id IS NULL;   -- fires the trigger: one sensor each
ALTER TABLE tweeling.datastream ALTER COLUMN sensor_id SET NOT NULL;

-- ---------------------------------------------------------------------------------------------
-- Locations and their history. thing.geom stays the thing's current position as a point (what the
-- feature layers, the datastream list and older writers use); the tables below are the whole story.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tweeling.location (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text        NOT NULL,
    description   text        NOT NULL DEFAULT '',
    encoding_type text        NOT NULL DEFAULT 'application/geo+json',
    geom          geometry(Geometry, 28992) NOT NULL,
    properties    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    source        text        NOT NULL,
    source_run    uuid,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX location_geom_idx ON tweeling.location USING gist (geom);

-- The thing's current locations (SensorThings: Thing 0..* Locations).
CREATE TABLE tweeling.thing_location (
    thing_id    bigint NOT NULL REFERENCES tweeling.thing (id) ON DELETE CASCADE,
    location_id bigint NOT NULL REFERENCES tweeling.location (id) ON DELETE CASCADE,
    PRIMARY KEY (thing_id, location_id)
);
CREATE INDEX thing_location_location_idx ON tweeling.thing_location (location_id);

-- Each change of a thing's locations, with the time it took effect.
CREATE TABLE tweeling.historical_location (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    thing_id bigint      NOT NULL REFERENCES tweeling.thing (id) ON DELETE CASCADE,
    time     timestamptz NOT NULL
);
CREATE INDEX historical_location_thing_time_idx ON tweeling.historical_location (thing_id, time);

CREATE TABLE tweeling.historical_location_location (
    historical_location_id bigint NOT NULL REFERENCES tweeling.historical_location (id) ON DELETE CASCADE,
    location_id            bigint NOT NULL REFERENCES tweeling.location (id) ON DELETE CASCADE,
    PRIMARY KEY (historical_location_id, location_id)
);
CREATE INDEX historical_location_location_location_idx ON tweeling.historical_location_location (location_id);

-- Where each thing was when: one row per historical location and location, valid from its time until the
-- thing's next historical location. The first one is also valid before its time (a thing registered today
-- with a week of older observations was there then: the best knowledge we have), so every observation of a
-- located thing has a place.
CREATE VIEW tweeling.thing_location_period AS
SELECT h.thing_id,
       hl.location_id,
       h.id AS historical_location_id,
       tstzrange(CASE WHEN lag(h.time) OVER w IS NULL THEN '-infinity'::timestamptz ELSE h.time END,
                 coalesce(lead(h.time) OVER w, 'infinity'::timestamptz), '[)') AS valid
FROM tweeling.historical_location AS h
JOIN tweeling.historical_location_location AS hl ON hl.historical_location_id = h.id
WINDOW w AS (PARTITION BY h.thing_id ORDER BY h.time, h.id);

-- Writers that only set thing.geom (sample, harvesters) get a location and a historical location for each
-- new position. A writer that records the location itself (the SensorThings API) links it first and then
-- sets thing.geom to a point on it: that position is then found among the current locations and nothing
-- is added.
CREATE FUNCTION tweeling.thing_position_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    loc bigint;
    hl  bigint;
BEGIN
    IF NEW.geom IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.geom IS NOT NULL AND ST_Equals(OLD.geom, NEW.geom) THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1
               FROM tweeling.thing_location AS tl
               JOIN tweeling.location AS l ON l.id = tl.location_id
               WHERE tl.thing_id = NEW.id
                 AND ST_Equals(ST_PointOnSurface(l.geom), NEW.geom)) THEN
        RETURN NULL;
    END IF;
    INSERT INTO tweeling.location (name, description, geom, source, source_run)
    VALUES (NEW.name, 'Location of ' || NEW.name, NEW.geom, NEW.source, NEW.source_run)
    RETURNING id INTO loc;
    DELETE FROM tweeling.thing_location WHERE thing_id = NEW.id;
    INSERT INTO tweeling.thing_location (thing_id, location_id) VALUES (NEW.id, loc);
    INSERT INTO tweeling.historical_location (thing_id, time) VALUES (NEW.id, now()) RETURNING id INTO hl;
    INSERT INTO tweeling.historical_location_location (historical_location_id, location_id) VALUES (hl, loc);
    RETURN NULL;
END $$;

CREATE TRIGGER thing_position_changed AFTER INSERT OR UPDATE OF geom ON tweeling.thing
    FOR EACH ROW EXECUTE FUNCTION tweeling.thing_position_changed();

-- Things that exist already: their position becomes their first location, known since they were registered.
DO $$
DECLARE
    t   record;
    loc bigint;
    hl  bigint;
BEGIN
    FOR t IN SELECT * FROM tweeling.thing WHERE geom IS NOT NULL ORDER BY id LOOP
        INSERT INTO tweeling.location (name, description, geom, source, source_run)
        VALUES (t.name, 'Location of ' || t.name, t.geom, t.source, t.source_run)
        RETURNING id INTO loc;
        INSERT INTO tweeling.thing_location (thing_id, location_id) VALUES (t.id, loc);
        INSERT INTO tweeling.historical_location (thing_id, time) VALUES (t.id, t.ingested_at) RETURNING id INTO hl;
        INSERT INTO tweeling.historical_location_location (historical_location_id, location_id) VALUES (hl, loc);
    END LOOP;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Features of interest. An observation names one, or (NULL) observed the location its thing had at
-- the observation's time: the feature of interest made from that location (location_id), one per
-- location, created with it.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tweeling.feature_of_interest (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text        NOT NULL,
    description   text        NOT NULL DEFAULT '',
    encoding_type text        NOT NULL DEFAULT 'application/geo+json',
    geom          geometry(Geometry, 28992) NOT NULL,
    properties    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    location_id   bigint UNIQUE REFERENCES tweeling.location (id) ON DELETE SET NULL,
    source        text        NOT NULL,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feature_of_interest_geom_idx ON tweeling.feature_of_interest USING gist (geom);

CREATE FUNCTION tweeling.location_feature_of_interest() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tweeling.feature_of_interest (name, description, encoding_type, geom, location_id, source)
    VALUES (NEW.name, NEW.description, NEW.encoding_type, NEW.geom, NEW.id, NEW.source)
    ON CONFLICT (location_id) DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER location_feature_of_interest AFTER INSERT ON tweeling.location
    FOR EACH ROW EXECUTE FUNCTION tweeling.location_feature_of_interest();

INSERT INTO tweeling.feature_of_interest (name, description, encoding_type, geom, location_id, source)
SELECT l.name, l.description, l.encoding_type, l.geom, l.id, l.source
FROM tweeling.location AS l
ON CONFLICT (location_id) DO NOTHING;

-- ---------------------------------------------------------------------------------------------
-- Observations: a numeric id (SensorThings addresses them one by one; the key stays datastream + time),
-- and the optional SensorThings members. All nullable without default: no rewrite but the id's.
-- ---------------------------------------------------------------------------------------------
CREATE SEQUENCE tweeling.observation_id_seq AS bigint CACHE 1000;
ALTER TABLE tweeling.observation
    ADD COLUMN id                     bigint NOT NULL DEFAULT nextval('tweeling.observation_id_seq'),
    ADD COLUMN phenomenon_time_end    timestamptz,     -- set when the phenomenon time is an interval
    ADD COLUMN result_time            timestamptz,
    ADD COLUMN valid_time             tstzrange,
    ADD COLUMN parameters             jsonb,
    ADD COLUMN feature_of_interest_id bigint;          -- NULL: its thing's location at phenomenon_time
ALTER SEQUENCE tweeling.observation_id_seq OWNED BY tweeling.observation.id;
CREATE INDEX observation_id_idx ON tweeling.observation (id);
