package nl.tweeling.sta;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import nl.tweeling.support.TestDatabase;

/**
 * Rows a SensorThings test makes for itself: a thing at a place in Zwolle with one datastream (its own sensor
 * through the database's trigger) and hourly observations. Each fixture has unique keys and names.
 */
final class StaFixture {

    final String tag = UUID.randomUUID().toString().substring(0, 8);
    final long thing;
    final long datastream;
    final long sensor;
    final long location;
    final long observedProperty;

    /**
     * @param property an observed property id (NO2, PM10, …)
     * @param x        RD x of the thing
     * @param y        RD y of the thing
     * @param start    the first observation's time
     * @param hours    observations, one an hour, result = hour index
     */
    StaFixture(String property, double x, double y, Instant start, int hours) {
        thing = ((Number) TestDatabase.scalar("INSERT INTO tweeling.thing (key, name, description, properties, geom, source)"
                + " VALUES (?, ?, 'a test thing', jsonb_build_object('tag', ?::text, 'floor', 3),"
                + " ST_SetSRID(ST_MakePoint(?, ?), 28992), 'test') RETURNING id",
                "sta-" + tag, "Thing " + tag, tag, x, y)).longValue();
        datastream = ((Number) TestDatabase.scalar("INSERT INTO tweeling.datastream (key, thing_id, observed_property, name,"
                + " description, source) VALUES (?, ?, ?, ?, 'a test datastream', 'test') RETURNING id",
                "sta-" + tag, thing, property, "Datastream " + tag)).longValue();
        sensor = TestDatabase.count("SELECT sensor_id FROM tweeling.datastream WHERE id = ?", datastream);
        location = TestDatabase.count("SELECT location_id FROM tweeling.thing_location WHERE thing_id = ?", thing);
        observedProperty = TestDatabase.count("SELECT sta_id FROM tweeling.observed_property WHERE id = ?", property);
        if (hours > 0) {
            TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                    + " SELECT ?, ?::timestamptz + make_interval(hours => i), i, 'test' FROM generate_series(0, ? - 1) AS i",
                    datastream, Timestamp.from(start), hours);
        }
    }

    /** The id of the observation at hour {@code i}. */
    long observation(int i) {
        return TestDatabase.count("SELECT id FROM tweeling.observation WHERE datastream_id = ? AND result = ?",
                datastream, (double) i);
    }

    long featureOfInterest() {
        return TestDatabase.count("SELECT id FROM tweeling.feature_of_interest WHERE location_id = ?", location);
    }
}
