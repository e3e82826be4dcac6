-- SensorThings create/update/delete (docs/sensors.md, "Creating entities"). Locations and features of
-- interest keep the geometry as the client sent it (CRS84): a point far from the Netherlands does not survive
-- a round trip through EPSG:28992 to seven decimals, and clients read back what they wrote. geom (RD New)
-- stays the column every query and index uses; geom_crs84 is only written out. NULL (rows of other writers):
-- geom transformed.

ALTER TABLE tweeling.location ADD COLUMN geom_crs84 geometry(Geometry, 4326);
ALTER TABLE tweeling.feature_of_interest ADD COLUMN geom_crs84 geometry(Geometry, 4326);

-- The feature of interest made from a new location takes its CRS84 geometry along.
CREATE OR REPLACE FUNCTION tweeling.location_feature_of_interest() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tweeling.feature_of_interest (name, description, encoding_type, geom, geom_crs84, location_id, source)
    VALUES (NEW.name, NEW.description, NEW.encoding_type, NEW.geom, NEW.geom_crs84, NEW.id, NEW.source)
    ON CONFLICT (location_id) DO NOTHING;
    RETURN NULL;
END $$;

-- A thing's current locations become exactly `locations` (SensorThings: Locations linked to a Thing), in the
-- order given: a historical location at `at` records the change, and thing.geom (the thing's position as a
-- point, what feature layers and older writers read) becomes a point on the first of them, which the position
-- trigger then finds among the current locations, so it adds nothing. Returns the historical location's id.
CREATE FUNCTION tweeling.sta_set_thing_locations(thing bigint, locations bigint[], at timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    hl bigint;
BEGIN
    DELETE FROM tweeling.thing_location WHERE thing_id = thing;
    INSERT INTO tweeling.thing_location (thing_id, location_id)
    SELECT DISTINCT thing, l FROM unnest(locations) AS l;
    INSERT INTO tweeling.historical_location (thing_id, time) VALUES (thing, at) RETURNING id INTO hl;
    INSERT INTO tweeling.historical_location_location (historical_location_id, location_id)
    SELECT DISTINCT hl, l FROM unnest(locations) AS l;
    UPDATE tweeling.thing
    SET geom = (SELECT ST_Force2D(ST_PointOnSurface(l.geom)) FROM tweeling.location AS l WHERE l.id = locations[1])
    WHERE id = thing;
    RETURN hl;
END $$;
