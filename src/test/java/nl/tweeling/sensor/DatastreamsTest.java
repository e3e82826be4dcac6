package nl.tweeling.sensor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/** Datastreams and their time series, over the sample's sensors and rows each test makes. */
@QuarkusTest
class DatastreamsTest {

    @Test
    void sampleHasAtLeastFortySensorsCoveringEveryObservedProperty() {
        given().get("/datastreams").then().statusCode(200)
                .body("numberReturned", greaterThanOrEqualTo(40))
                .body("datastreams.observedProperty.id", hasItems("NO2", "PM10", "PM2.5", "traffic_count",
                        "parking_occupancy", "water_level", "air_temperature", "noise_level"));
        assertTrue(TestDatabase.count("SELECT count(DISTINCT thing_id) FROM tweeling.datastream WHERE source = 'tweeling-sample'") >= 40);
    }

    @Test
    void sampleObservationsCoverTheLastWeekUpToNow() {
        String key = (String) TestDatabase.scalar(
                "SELECT key FROM tweeling.datastream WHERE observed_property = 'NO2' AND source = 'tweeling-sample' ORDER BY id LIMIT 1");
        Instant now = Instant.now();
        String window = now.minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "/..";
        JsonPath body = given().queryParam("datetime", window).get("/datastreams/" + key + "/observations")
                .then().statusCode(200).extract().jsonPath();
        int n = body.getInt("numberReturned");
        assertTrue(n >= 20 && n <= 25, "hourly NO2 over the last day: " + n);
        List<Float> results = body.getList("observations.result", Float.class);
        assertTrue(results.stream().allMatch(v -> v >= 0 && v < 400), "plausible NO2 values " + results);
        Instant latest = Instant.parse(body.getString("observations[-1].phenomenonTime"));
        assertTrue(latest.isAfter(now.minus(2, ChronoUnit.HOURS)), "latest observation is recent: " + latest);

        Instant weekAgo = now.minus(8, ChronoUnit.DAYS);
        long week = TestDatabase.count("SELECT count(*) FROM tweeling.observation o JOIN tweeling.datastream d ON d.id = o.datastream_id"
                + " WHERE d.key = ? AND o.phenomenon_time > ?", key, java.sql.Timestamp.from(weekAgo));
        assertTrue(week >= 7 * 24 - 1, "a week of hourly values: " + week);
    }

    @Test
    void observationsPageInTimeOrder() {
        String key = TestDatabase.newDatastream("air_temperature");
        long id = TestDatabase.datastreamId(key);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 5; i++) {
            TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source) VALUES (?, ?, ?, 'test')",
                    id, java.sql.Timestamp.from(t0.plus(i, ChronoUnit.HOURS)), 1.5 * i);
        }
        JsonPath first = given().get("/datastreams/" + id + "/observations?limit=3").then().statusCode(200)
                .body("numberReturned", equalTo(3))
                .body("observations[0].phenomenonTime", equalTo("2026-01-01T00:00:00Z"))
                .body("observations[2].result", equalTo(3.0f))
                .extract().jsonPath();
        String next = first.getString("links.find { it.rel == 'next' }.href");
        given().urlEncodingEnabled(false).get(next).then().statusCode(200)
                .body("numberReturned", equalTo(2))
                .body("observations[0].phenomenonTime", equalTo("2026-01-01T03:00:00Z"));
        given().get("/datastreams/" + key + "/observations?datetime=2026-01-01T01:00:00Z/2026-01-01T02:00:00Z")
                .then().statusCode(200).body("numberReturned", equalTo(2));
    }

    @Test
    void badInputIsAProblem() {
        String key = TestDatabase.newDatastream("NO2");
        for (String q : List.of("datetime=yesterday", "datetime=2026-02-01T00:00:00Z/2026-01-01T00:00:00Z", "limit=0", "datetime=../..")) {
            given().urlEncodingEnabled(false).get("/datastreams/" + key + "/observations?" + q).then().statusCode(400)
                    .contentType(startsWith("application/problem+json"));
        }
        given().get("/datastreams/no-such-stream/observations").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?",
                TestDatabase.datastreamId(key)));
    }

    @Test
    void unknownOrRepeatedParametersAreNamedInA400() {
        String key = TestDatabase.newDatastream("NO2");
        String[][] cases = {
                {"/datastreams?limit=abc", "limit"},
                {"/datastreams?foo=bar", "foo"},
                {"/datastreams/" + key + "?foo=bar", "foo"},
                {"/datastreams/" + key + "/observations?foo=bar", "foo"},
                {"/datastreams/" + key + "/observations?limit=5&limit=6", "limit"},
        };
        for (String[] c : cases) {
            given().urlEncodingEnabled(false).get(c[0]).then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("parameter", equalTo(c[1]));
        }
        given().get("/datastreams/" + key + "/observations?limit=5&datetime=2026-01-01T00:00:00Z/..").then().statusCode(200);
    }
}
