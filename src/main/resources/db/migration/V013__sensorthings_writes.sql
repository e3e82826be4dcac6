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

-- A thing's current locations become exactly p_locations (SensorThings: Locations linked to a Thing), in the
-- order given: a historical location at p_at records the change, and thing.geom (the thing's position as a
-- point, what feature layers and older writers read) becomes a point on the first of them, which the position
-- trigger then finds among the current locations, so it adds nothing. Returns the historical location's id.
CREATE FUNCTION tweeling.sta_set_thing_locations(p_thing bigint, p_locations bigint[], p_at timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    hl bigint;
BEGIN
    DELETE FROM tweeling.thing_location WHERE thing_id = p_thing;
    INSERT INTO tweeling.thing_location (thing_id, location_id)
    SELECT DISTINCT p_thing, l FROM unnest(p_locations) AS l;
    INSERT INTO tweeling.historical_location (thing_id, time) VALUES (p_thing, p_at) RETURNING id INTO hl;
    INSERT INTO tweeling.historical_location_location (historical_location_id, location_id)
    SELECT DISTINCT hl, l FROM unnest(p_locations) AS l;
    UPDATE tweeling.thing
    SET geom = (SELECT ST_Force2D(ST_PointOnSurface(l.geom)) FROM tweeling.location AS l WHERE l.id = p_locations[1])
    WHERE id = p_thing;
    RETURN hl;
END $$;

-- Observations that name their feature of interest (posted through the SensorThings API) are found by it
-- (FeaturesOfInterest(n)/Observations, deleting a feature); most observations name none, so the index is small.
CREATE INDEX observation_feature_of_interest_idx ON tweeling.observation (feature_of_interest_id)
    WHERE feature_of_interest_id IS NOT NULL;
