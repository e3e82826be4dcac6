package nl.tweeling.sensor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

import nl.tweeling.support.TestDatabase;

/**
 * {@code /datastreams/{id}/aggregate} and the CSV of observations, over datastreams each test makes with known
 * observations; expected bucket values are worked out by hand (and percentiles also by PostgreSQL itself).
 */
@QuarkusTest
class AggregateTest {

    private static long streamWith(String key, Object... timeValuePairs) {
        long id = TestDatabase.datastreamId(key);
        for (int i = 0; i < timeValuePairs.length; i += 2) {
            TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                    + " VALUES (?, ?, ?, 'test')", id, Timestamp.from(Instant.parse((String) timeValuePairs[i])),
                    timeValuePairs[i + 1]);
        }
        return id;
    }

    private static JsonPath aggregate(String key, String query) {
        return given().urlEncodingEnabled(false).get("/datastreams/" + key + "/aggregate?" + query)
                .then().statusCode(200).contentType(startsWith("application/json")).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @Test
    void hoursOnTheFallBackDayAreTwentyFiveWithTheRepeatedHourTwice() {
        String key = TestDatabase.newDatastream("NO2");
        streamWith(key, "2026-10-25T00:30:00Z", 3.0, "2026-10-25T01:30:00Z", 5.0, "2026-10-25T01:45:00Z", 8.0);
        JsonPath body = aggregate(key, "datetime=2026-10-25T00:00:00%2B02:00/2026-10-26T00:00:00%2B01:00"
                + "&interval=PT1H&stats=count,avg,sum");
        assertEquals(25, body.getInt("numberReturned"));
        assertEquals(25, body.getList("buckets").size());
        assertEquals("2026-10-25T00:00:00+02:00", body.getString("buckets[0].start"));
        // 02:00-03:00 summer time (00:00Z) and 02:00-03:00 winter time (01:00Z) are two buckets
        assertEquals("2026-10-25T02:00:00+02:00", body.getString("buckets[2].start"));
        assertEquals("2026-10-25T02:00:00+01:00", body.getString("buckets[2].end"));
        assertEquals(1, body.getInt("buckets[2].count"));
        assertEquals(3.0, body.getDouble("buckets[2].avg"));
        assertEquals("2026-10-25T02:00:00+01:00", body.getString("buckets[3].start"));
        assertEquals(2, body.getInt("buckets[3].count"));
        assertEquals(6.5, body.getDouble("buckets[3].avg"));
        assertEquals(13.0, body.getDouble("buckets[3].sum"));
        assertEquals(0, body.getInt("buckets[4].count"));
        assertNull(body.get("buckets[4].avg"));
        assertNull(body.get("buckets[4].sum"));
        assertEquals("2026-10-26T00:00:00+01:00", body.getString("buckets[24].end"));
        assertEquals(List.of("count", "avg", "sum"), body.getList("stats"));

        // plain dates are local midnights: the same 25 hours
        JsonPath dates = aggregate(key, "datetime=2026-10-25/2026-10-26&interval=PT1H&stats=count");
        assertEquals(25, dates.getInt("numberReturned"));
        assertEquals(body.getList("buckets.start"), dates.getList("buckets.start"));
        assertEquals(2, dates.getInt("buckets[3].count"));
    }

    @Test
    void hoursOnTheSpringForwardDayAreTwentyThree() {
        String key = TestDatabase.newDatastream("NO2");
        streamWith(key, "2026-03-29T00:59:00Z", 1.0, "2026-03-29T01:00:00Z", 2.0);
        JsonPath body = aggregate(key, "datetime=2026-03-29T00:00:00%2B01:00/2026-03-30T00:00:00%2B02:00&interval=PT1H");
        assertEquals(23, body.getInt("numberReturned"));
        assertEquals("2026-03-29T01:00:00+01:00", body.getString("buckets[1].start"));
        assertEquals("2026-03-29T03:00:00+02:00", body.getString("buckets[1].end"));
        assertEquals(1.0, body.getDouble("buckets[1].max"));
        assertEquals("2026-03-29T03:00:00+02:00", body.getString("buckets[2].start"));
        assertEquals(2.0, body.getDouble("buckets[2].min"));
        assertEquals(List.of("avg", "min", "max", "count"), body.getList("stats"));
    }

    /**
     * Minute and hour buckets (on a fixed UTC grid, read with date_bin) with percentiles, over random windows
     * around the fall-back night (its first and last buckets cut): every bucket equals plain SQL over its range.
     */
    @Test
    void minuteBucketsWithPercentilesEqualPlainSqlAroundTheFallBackNight() {
        String key = TestDatabase.newDatastream("NO2");
        long id = TestDatabase.datastreamId(key);
        TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                + " SELECT ?, g, 20 + 10 * sin(extract(epoch FROM g) / 900) + (extract(epoch FROM g)::bigint % 7), 'test'"
                + " FROM generate_series(TIMESTAMPTZ '2026-10-24T22:00:17Z', TIMESTAMPTZ '2026-10-25T04:00:00Z',"
                + " interval '47 seconds') AS g", id);
        java.util.Random random = new java.util.Random(2026);
        List<String> intervals = List.of("PT1M", "PT5M", "PT10M", "PT15M", "PT20M", "PT30M", "PT1H");
        Instant from = Instant.parse("2026-10-24T21:50:00Z");
        int checked = 0;
        for (int w = 0; w < 12; w++) {
            Instant a = from.plusSeconds(random.nextInt(4 * 3600));
            Instant b = a.plusSeconds(60 + random.nextInt(3 * 3600));
            String interval = intervals.get(w % intervals.size());
            boolean percentiles = w % 2 == 0;
            JsonPath body = aggregate(key, "datetime=" + a + "/" + b + "&interval=" + interval
                    + (percentiles ? "&stats=count,avg,min,max,sum,p50,p95" : "&stats=count,avg,sum"));
            List<java.util.Map<String, Object>> buckets = body.getList("buckets");
            assertEquals(a, java.time.OffsetDateTime.parse((String) buckets.get(0).get("start")).toInstant());
            assertEquals(b, java.time.OffsetDateTime.parse((String) buckets.get(buckets.size() - 1).get("end")).toInstant());
            for (java.util.Map<String, Object> bucket : buckets) {
                Timestamp s = Timestamp.from(java.time.OffsetDateTime.parse((String) bucket.get("start")).toInstant());
                Timestamp e = Timestamp.from(java.time.OffsetDateTime.parse((String) bucket.get("end")).toInstant());
                String what = interval + " " + a + "/" + b + " bucket " + bucket.get("start");
                Object[] row = TestDatabase.row("SELECT count(result), avg(result), sum(result),"
                        + " percentile_cont(0.5) WITHIN GROUP (ORDER BY result), percentile_cont(0.95) WITHIN GROUP (ORDER BY result)"
                        + " FROM tweeling.observation WHERE datastream_id = ? AND phenomenon_time >= ? AND phenomenon_time < ?",
                        id, s, e);
                assertEquals(((Number) row[0]).doubleValue(), ((Number) bucket.get("count")).doubleValue(), what + " count");
                assertNear(row[1], bucket.get("avg"), what + " avg");
                assertNear(row[2], bucket.get("sum"), what + " sum");
                if (percentiles) {
                    assertNear(row[3], bucket.get("p50"), what + " p50");
                    assertNear(row[4], bucket.get("p95"), what + " p95");
                } else {
                    assertEquals(false, bucket.containsKey("p50"), what + ": p50 was not asked for");
                }
                checked++;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(checked > 100, "checked " + checked + " buckets");
    }

    private static void assertNear(Object expected, Object actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
        } else {
            double x = ((Number) expected).doubleValue();
            assertEquals(x, ((Number) actual).doubleValue(), 1e-9 * Math.max(1, Math.abs(x)), what);
        }
    }

    @Test
    void daysAreLocalDaysOf23And25HoursOnTheDaylightSavingDays() {
        String key = TestDatabase.newDatastream("NO2");
        long id = streamWith(key,
                "2026-03-28T23:00:00Z", 1.0,   // 00:00 CET on the 29th: the first instant of that local day
                "2026-03-29T12:00:00Z", 2.0,
                "2026-03-29T21:30:00Z", 10.0,  // 23:30 CEST on the 29th
                "2026-03-29T22:30:00Z", 7.0);  // 00:30 CEST on the 30th, though still the 29th in UTC
        JsonPath body = aggregate(key, "datetime=2026-03-28T00:00:00%2B01:00/2026-03-31T00:00:00%2B02:00"
                + "&interval=P1D&stats=avg,min,max,count,sum,p50,p95");
        assertEquals(3, body.getInt("numberReturned"));
        assertEquals(0, body.getInt("buckets[0].count"));
        assertNull(body.get("buckets[0].p50"));
        assertEquals("2026-03-29T00:00:00+01:00", body.getString("buckets[1].start"));
        assertEquals("2026-03-30T00:00:00+02:00", body.getString("buckets[1].end"));
        assertEquals(3, body.getInt("buckets[1].count"));
        assertEquals(13.0 / 3, body.getDouble("buckets[1].avg"), 1e-12);
        assertEquals(1.0, body.getDouble("buckets[1].min"));
        assertEquals(10.0, body.getDouble("buckets[1].max"));
        assertEquals(13.0, body.getDouble("buckets[1].sum"));
        // percentile_cont over 1, 2, 10: p50 = 2; p95 = 2 + 0.9 × (10 − 2) = 9.2
        assertEquals(2.0, body.getDouble("buckets[1].p50"), 1e-12);
        assertEquals(9.2, body.getDouble("buckets[1].p95"), 1e-12);
        double p95 = ((Number) TestDatabase.scalar("SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY result)"
                + " FROM tweeling.observation WHERE datastream_id = ? AND phenomenon_time >= ? AND phenomenon_time < ?",
                id, Timestamp.from(Instant.parse("2026-03-28T23:00:00Z")),
                Timestamp.from(Instant.parse("2026-03-29T22:00:00Z")))).doubleValue();
        assertEquals(p95, body.getDouble("buckets[1].p95"), 1e-12);
        assertEquals(1, body.getInt("buckets[2].count"));
        assertEquals(7.0, body.getDouble("buckets[2].p95"));

        String autumn = TestDatabase.newDatastream("NO2");
        streamWith(autumn,
                "2026-10-24T22:30:00Z", 4.0,   // 00:30 CEST on the 25th
                "2026-10-25T22:30:00Z", 6.0,   // 23:30 CET on the 25th
                "2026-10-25T23:30:00Z", 5.0);  // 00:30 CET on the 26th
        JsonPath fall = aggregate(autumn, "datetime=2026-10-24T00:00:00%2B02:00/2026-10-27T00:00:00%2B01:00"
                + "&interval=P1D&stats=count,sum");
        assertEquals(3, fall.getInt("numberReturned"));
        assertEquals("2026-10-25T00:00:00+02:00", fall.getString("buckets[1].start"));
        assertEquals("2026-10-26T00:00:00+01:00", fall.getString("buckets[1].end"));
        assertEquals(2, fall.getInt("buckets[1].count"));
        assertEquals(10.0, fall.getDouble("buckets[1].sum"));
        assertEquals(1, fall.getInt("buckets[2].count"));
        assertEquals(0, fall.getInt("buckets[0].count"));
    }

    @Test
    void theFirstAndLastBucketsAreCutToTheRequestedInterval() {
        String key = TestDatabase.newDatastream("NO2");
        streamWith(key, "2026-01-01T00:10:00Z", 100.0, "2026-01-01T00:40:00Z", 1.0, "2026-01-01T01:20:00Z", 2.0,
                "2026-01-01T01:40:00Z", 100.0);
        JsonPath body = aggregate(key, "datetime=2026-01-01T00:30:00Z/2026-01-01T01:30:00Z&interval=PT1H&stats=sum");
        assertEquals(2, body.getInt("numberReturned"));
        assertEquals("2026-01-01T01:30:00+01:00", body.getString("buckets[0].start"));
        assertEquals("2026-01-01T02:00:00+01:00", body.getString("buckets[0].end"));
        assertEquals(1.0, body.getDouble("buckets[0].sum"));
        assertEquals("2026-01-01T02:30:00+01:00", body.getString("buckets[1].end"));
        assertEquals(2.0, body.getDouble("buckets[1].sum"));
    }

    @Test
    void csvHasAHeaderRowAndEmptyFieldsForNull() {
        String key = TestDatabase.newDatastream("NO2");
        long id = streamWith(key, "2026-02-01T10:15:00Z", 4.5);
        String csv = given().queryParam("datetime", "2026-02-01T10:00:00Z/2026-02-01T12:00:00Z")
                .queryParam("interval", "PT1H").queryParam("stats", "count,avg").queryParam("f", "csv")
                .get("/datastreams/" + id + "/aggregate")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        assertEquals("start,end,count,avg\r\n"
                + "2026-02-01T11:00:00+01:00,2026-02-01T12:00:00+01:00,1,4.5\r\n"
                + "2026-02-01T12:00:00+01:00,2026-02-01T13:00:00+01:00,0,\r\n", csv);
        given().header("Accept", "text/csv").queryParam("datetime", "2026-02-01T10:00:00Z/2026-02-01T11:00:00Z")
                .queryParam("interval", "PT1H").get("/datastreams/" + key + "/aggregate")
                .then().statusCode(200).contentType(startsWith("text/csv"));

        TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, quality, source)"
                + " VALUES (?, ?, ?, 'flagged, \"estimated\"', 'test')", id,
                Timestamp.from(Instant.parse("2026-02-01T10:30:00Z")), 6.0);
        String observations = given().queryParam("f", "csv").get("/datastreams/" + key + "/observations")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        assertEquals("phenomenonTime,result,resultQuality\r\n"
                + "2026-02-01T10:15:00Z,4.5,\r\n"
                + "2026-02-01T10:30:00Z,6.0,\"flagged, \"\"estimated\"\"\"\r\n", observations);
        given().queryParam("f", "csv").queryParam("limit", "1").get("/datastreams/" + key + "/observations")
                .then().statusCode(200).body(equalTo("phenomenonTime,result,resultQuality\r\n2026-02-01T10:15:00Z,4.5,\r\n"))
                .header("Link", org.hamcrest.Matchers.containsString("after=2026-02-01T10%3A15%3A00Z&limit=1>; rel=\"next\""));
        given().queryParam("f", "html").queryParam("datetime", "2026-02-01T10:00:00Z/2026-02-01T12:00:00Z")
                .queryParam("interval", "PT1H").get("/datastreams/" + key + "/aggregate")
                .then().statusCode(200).contentType(startsWith("text/html"))
                .body(org.hamcrest.Matchers.containsString("2026-02-01T11:00:00+01:00"));
    }

    @Test
    void badInputIsA400NamingTheParameter() {
        String key = TestDatabase.newDatastream("NO2");
        String day = "datetime=2026-01-01T00:00:00Z/2026-01-02T00:00:00Z";
        String[][] cases = {
                {"interval=PT1H", "datetime"},
                {"datetime=2026-01-01T00:00:00Z/..&interval=PT1H", "datetime"},
                {"datetime=2026-01-01T00:00:00Z/2026-01-01T00:00:00Z&interval=PT1H", "datetime"},
                {"datetime=2026-01-02T00:00:00Z/2026-01-01T00:00:00Z&interval=PT1H", "datetime"},
                {"datetime=yesterday&interval=PT1H", "datetime"},
                {"datetime=2026-02-30/2026-03-01&interval=PT1H", "datetime"},
                {day, "interval"},
                {day + "&interval=PT7H", "interval"},
                {day + "&interval=PT30S", "interval"},
                {day + "&interval=P2Y", "interval"},
                {day + "&interval=P1DT1H", "interval"},
                {day + "&interval=hourly", "interval"},
                {"datetime=2025-01-01T00:00:00Z/2026-01-01T00:00:00Z&interval=PT1M", "interval"},
                {day + "&interval=PT1H&stats=median", "stats"},
                {day + "&interval=PT1H&stats=avg,avg", "stats"},
                {day + "&interval=PT1H&interval=P1D", "interval"},
                {day + "&interval=PT1H&foo=bar", "foo"},
                {day + "&interval=PT1H&f=xml", "f"},
        };
        for (String[] c : cases) {
            given().urlEncodingEnabled(false).get("/datastreams/" + key + "/aggregate?" + c[0]).then()
                    .statusCode(400).contentType(startsWith("application/problem+json"))
                    .body("parameter", equalTo(c[1]));
        }
        given().urlEncodingEnabled(false).get("/datastreams/no-such-stream/aggregate?" + day + "&interval=PT1H")
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
        // a year of days is within the default maximum of 10,000 buckets
        given().urlEncodingEnabled(false).get("/datastreams/" + key
                + "/aggregate?datetime=2025-01-01T00:00:00Z/2026-01-01T00:00:00Z&interval=P1D")
                .then().statusCode(200).body("numberReturned", equalTo(366));
    }
}
