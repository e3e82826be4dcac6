package nl.tweeling.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.support.TestDatabase;

/**
 * The SensorThings-shaped model's invariants, kept by the database for every writer: a datastream always
 * has a sensor, a thing's positions become locations with a history, each location has its feature of
 * interest, and every observation has a numeric id.
 */
@QuarkusTest
class SensorModelTest {

    private static long newThing(String key, double x, double y) {
        return ((Number) TestDatabase.scalar("INSERT INTO tweeling.thing (key, name, geom, source)"
                + " VALUES (?, ?, ST_SetSRID(ST_MakePoint(?, ?), 28992), 'test') RETURNING id",
                key, "Thing " + key, x, y)).longValue();
    }

    @Test
    void aThingsPositionsBecomeLocationsWithHistoryAndFeaturesOfInterest() {
        String key = "model-" + UUID.randomUUID();
        long thing = newThing(key, 203000, 503000);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling.thing_location WHERE thing_id = ?", thing));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling.historical_location WHERE thing_id = ?", thing));
        long first = ((Number) TestDatabase.scalar(
                "SELECT location_id FROM tweeling.thing_location WHERE thing_id = ?", thing)).longValue();
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling.feature_of_interest f"
                + " JOIN tweeling.location l ON l.id = f.location_id WHERE l.id = ? AND ST_Equals(f.geom, l.geom)", first));

        // the same position again (a harvester's repeated upsert) adds nothing
        TestDatabase.update("UPDATE tweeling.thing SET geom = ST_SetSRID(ST_MakePoint(203000, 503000), 28992),"
                + " name = name WHERE id = ?", thing);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling.historical_location WHERE thing_id = ?", thing));

        // a move: a new current location, a second historical location; the first stays in the history
        TestDatabase.update("UPDATE tweeling.historical_location SET time = '2026-01-01T00:00:00Z' WHERE thing_id = ?", thing);
        TestDatabase.update("UPDATE tweeling.thing SET geom = ST_SetSRID(ST_MakePoint(204000, 504000), 28992) WHERE id = ?", thing);
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM tweeling.historical_location WHERE thing_id = ?", thing));
        long current = ((Number) TestDatabase.scalar(
                "SELECT location_id FROM tweeling.thing_location WHERE thing_id = ?", thing)).longValue();
        assertNotEquals(first, current);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling.thing_location WHERE thing_id = ?", thing));

        // where was it when: before the move at the first location (also before its first known time), after at the second
        String at = "SELECT location_id FROM tweeling.thing_location_period WHERE thing_id = ? AND valid @> ?::timestamptz";
        assertEquals(first, ((Number) TestDatabase.scalar(at, thing, Timestamp.from(Instant.parse("2025-06-01T00:00:00Z")))).longValue());
        assertEquals(first, ((Number) TestDatabase.scalar(at, thing, Timestamp.from(Instant.parse("2026-02-01T00:00:00Z")))).longValue());
        assertEquals(current, ((Number) TestDatabase.scalar(at, thing, Timestamp.from(Instant.now().plusSeconds(3600)))).longValue());
    }

    @Test
    void aWriterThatLinksTheLocationFirstIsNotGivenASecondOne() {
        String key = "model-" + UUID.randomUUID();
        long thing = ((Number) TestDatabase.scalar("INSERT INTO tweeling.thing (key, name, source) VALUES (?, ?, 'test') RETURNING id",
                key, "Thing " + key)).longValue();
        long loc = ((Number) TestDatabase.scalar("INSERT INTO tweeling.location (name, geom, source) VALUES ('area',"
                + " ST_Buffer(ST_SetSRID(ST_MakePoint(203500, 503500), 28992), 50), 'test') RETURNING id")).longValue();
        TestDatabase.update("INSERT INTO tweeling.thing_location (thing_id, location_id) VALUES (?, ?)", thing, loc);
        TestDatabase.update("UPDATE tweeling.thing SET geom = (SELECT ST_PointOnSurface(geom) FROM tweeling.location WHERE id = ?)"
                + " WHERE id = ?", loc, thing);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling.historical_location WHERE thing_id = ?", thing));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling.thing_location WHERE thing_id = ?", thing));
    }

    @Test
    void everyDatastreamHasASensorAndEveryObservationAnId() {
        String key = TestDatabase.newDatastream("NO2");
        Object sensor = TestDatabase.scalar("SELECT sensor_id FROM tweeling.datastream WHERE key = ?", key);
        assertNotNull(sensor);
        assertEquals("datastream:" + key, TestDatabase.scalar("SELECT key FROM tweeling.sensor WHERE id = ?", sensor));
        long id = TestDatabase.datastreamId(key);
        TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                + " VALUES (?, now(), 1, 'test'), (?, now() - interval '1 hour', 2, 'test')", id, id);
        assertEquals(2, TestDatabase.count("SELECT count(DISTINCT o.id) FROM tweeling.observation o WHERE datastream_id = ?", id));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling.datastream WHERE sensor_id IS NULL"));
        assertNotNull(TestDatabase.scalar("SELECT sta_id FROM tweeling.observed_property WHERE id = 'NO2'"));
    }
}
