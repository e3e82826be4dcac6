package nl.tweeling.sensor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.support.TestDatabase;

/**
 * The observation counts the write path keeps (V015) equal count(*) after every kind of write: inserts,
 * idempotent redeliveries (INSERT … ON CONFLICT), corrections, rows moved between datastreams, deletes; and
 * SensorThings' $count on Datastreams(id)/Observations, which reads them, equals the rows.
 */
@QuarkusTest
class ObservationCountTest {

    /** Datastreams whose kept count differs from their rows, in one snapshot (one statement): 0 when all agree. */
    static final String MISCOUNTED = "SELECT count(*) FROM (SELECT datastream_id, count(*) AS n FROM tweeling.observation"
            + " GROUP BY 1) AS o FULL JOIN tweeling.datastream_observation_count AS c USING (datastream_id)"
            + " WHERE coalesce(o.n, 0) <> coalesce(c.n, 0)";

    private static long kept(long ds) {
        Object n = TestDatabase.scalar("SELECT n FROM tweeling.datastream_observation_count WHERE datastream_id = ?", ds);
        return n == null ? 0 : ((Number) n).longValue();
    }

    private static long rows(long ds) {
        return TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", ds);
    }

    @Test
    void countsFollowEveryKindOfWrite() {
        long a = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        long b = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        Timestamp t0 = Timestamp.from(Instant.parse("2026-02-01T00:00:00Z"));
        TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                + " SELECT ?, ?::timestamptz + make_interval(mins => i), i, 'test' FROM generate_series(0, 999) AS i", a, t0);
        assertEquals(1000, kept(a));
        // a redelivered batch, half old and half new, written as ingest writes: upsert on the key
        TestDatabase.update("INSERT INTO tweeling.observation AS o (datastream_id, phenomenon_time, result, source)"
                + " SELECT ?, ?::timestamptz + make_interval(mins => i), i + 0.5, 'test' FROM generate_series(500, 1499) AS i"
                + " ON CONFLICT (datastream_id, phenomenon_time) DO UPDATE SET result = EXCLUDED.result,"
                + " corrections = o.corrections + 1", a, t0);
        assertEquals(1500, kept(a));
        assertEquals(rows(a), kept(a));
        // the same again, and a plain duplicate skipped
        TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                + " SELECT ?, ?::timestamptz + make_interval(mins => i), i, 'test' FROM generate_series(0, 99) AS i"
                + " ON CONFLICT DO NOTHING", a, t0);
        assertEquals(1500, kept(a));
        // a correction keeps the count; rows moved to another datastream move their count
        TestDatabase.update("UPDATE tweeling.observation SET result = result + 1 WHERE datastream_id = ?", a);
        assertEquals(1500, kept(a));
        TestDatabase.update("UPDATE tweeling.observation SET datastream_id = ? WHERE datastream_id = ?"
                + " AND phenomenon_time < ?::timestamptz + interval '100 minutes'", b, a, t0);
        assertEquals(1400, kept(a));
        assertEquals(100, kept(b));
        TestDatabase.update("DELETE FROM tweeling.observation WHERE datastream_id = ? AND phenomenon_time >= ?::timestamptz"
                + " + interval '1000 minutes'", a, t0);
        assertEquals(900, kept(a));
        assertEquals(rows(a), kept(a));
        assertEquals(rows(b), kept(b));
        assertEquals(0, TestDatabase.count(MISCOUNTED), "every datastream's count equals its rows");

        // SensorThings reads the kept count: exact, with and without a filter
        given().get("/sta/v1.1/Datastreams(" + a + ")/Observations?$count=true&$top=1").then().statusCode(200)
                .body("'@iot.count'", equalTo(900));
        given().urlEncodingEnabled(false).get("/sta/v1.1/Datastreams(" + a + ")/Observations?$count=true&$top=1"
                + "&$filter=result%20lt%2050").then().statusCode(200)
                .body("'@iot.count'", equalTo((int) TestDatabase.count("SELECT count(*) FROM tweeling.observation"
                        + " WHERE datastream_id = ? AND result < 50", a)));
        given().get("/sta/v1.1/Datastreams(" + b + ")?$expand=Observations($count=true;$top=1)").then().statusCode(200)
                .body("'Observations@iot.count'", equalTo(100));
        long none = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        given().get("/sta/v1.1/Datastreams(" + none + ")/Observations?$count=true").then().statusCode(200)
                .body("'@iot.count'", equalTo(0));
    }
}
