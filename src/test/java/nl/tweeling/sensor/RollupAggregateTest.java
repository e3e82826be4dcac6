package nl.tweeling.sensor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

import nl.tweeling.support.TestDatabase;

/**
 * {@code /datastreams/{id}/aggregate} served from the rollups equals plain SQL over the raw rows: random windows
 * (starting and ending anywhere, so partial first and last buckets read raw edges) and intervals, around both
 * daylight-saving days, before and after late and corrected data arrive.
 */
@QuarkusTest
class RollupAggregateTest {

    static final List<String> INTERVALS = List.of("PT1H", "PT2H", "PT3H", "PT6H", "PT12H", "PT24H", "P1D", "P2D",
            "P1W", "P1M", "PT5M", "PT10M", "PT15M", "PT20M", "PT30M", "PT2M");

    record Expected(long n, Double avg, Double min, Double max, Double sum) {
    }

    /** count, avg, min, max, sum per bucket [start, end) by plain SQL over the raw rows. */
    static List<Expected> rawSql(long ds, List<Instant> starts, Instant end) {
        List<Expected> out = new ArrayList<>();
        String sql = "SELECT count(result), avg(result), min(result), max(result), sum(result) FROM tweeling.observation"
                + " WHERE datastream_id = ? AND phenomenon_time >= ? AND phenomenon_time < ?";
        try (Connection c = TestDatabase.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < starts.size(); i++) {
                ps.setLong(1, ds);
                ps.setObject(2, starts.get(i).atOffset(java.time.ZoneOffset.UTC));
                ps.setObject(3, (i + 1 < starts.size() ? starts.get(i + 1) : end).atOffset(java.time.ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(new Expected(rs.getLong(1), (Double) rs.getObject(2), (Double) rs.getObject(3),
                            (Double) rs.getObject(4), (Double) rs.getObject(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static JsonPath aggregate(long ds, Instant start, Instant end, String interval) {
        String datetime = URLEncoder.encode(start + "/" + end, StandardCharsets.UTF_8);
        return given().urlEncodingEnabled(false)
                .get("/datastreams/" + ds + "/aggregate?datetime=" + datetime + "&interval=" + interval
                        + "&stats=count,avg,min,max,sum")
                .then().statusCode(200).contentType(startsWith("application/json")).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    static void assertClose(Double expected, Object actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
            return;
        }
        double a = ((Number) actual).doubleValue();
        assertEquals(expected, a, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    /** Asserts the endpoint equals raw SQL for {@code windows} random windows and intervals. */
    static int compareRandomWindows(long ds, Random random, Instant from, Instant to, int windows) {
        int buckets = 0;
        long span = Duration.between(from, to).toSeconds();
        for (int w = 0; w < windows; w++) {
            Instant a = from.plusSeconds(random.nextInt((int) span));
            Instant b = from.plusSeconds(random.nextInt((int) span));
            if (!a.isBefore(b)) {
                continue;
            }
            if (w % 3 == 0) {   // aligned windows too: whole local days
                a = a.atZone(Buckets.ZONE).toLocalDate().atStartOfDay(Buckets.ZONE).toInstant();
                b = b.atZone(Buckets.ZONE).toLocalDate().plusDays(1).atStartOfDay(Buckets.ZONE).toInstant();
            }
            String interval = INTERVALS.get(random.nextInt(INTERVALS.size()));
            JsonPath body = aggregate(ds, a, b, interval);
            List<Map<String, Object>> got = body.getList("buckets");
            List<Instant> starts = new ArrayList<>();
            for (Map<String, Object> bucket : got) {
                starts.add(OffsetDateTime.parse((String) bucket.get("start")).toInstant());
            }
            assertEquals(a, starts.get(0));
            List<Expected> expected = rawSql(ds, starts, b);
            for (int i = 0; i < got.size(); i++) {
                String what = interval + " " + a + "/" + b + " bucket " + got.get(i).get("start");
                Expected x = expected.get(i);
                assertEquals(x.n(), ((Number) got.get(i).get("count")).longValue(), what + " count");
                assertClose(x.avg(), got.get(i).get("avg"), what + " avg");
                assertClose(x.min(), got.get(i).get("min"), what + " min");
                assertClose(x.max(), got.get(i).get("max"), what + " max");
                assertClose(x.sum(), got.get(i).get("sum"), what + " sum");
                buckets++;
            }
        }
        return buckets;
    }

    static void fill(long ds, Instant from, Instant to, int everySeconds) {
        TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                + " SELECT ?, g, round((random() * 1000)::numeric, 1)::float8, 'test'"
                + " FROM generate_series(?::timestamptz, ?::timestamptz, make_interval(secs => ?)) AS g",
                ds, from.atOffset(java.time.ZoneOffset.UTC), to.atOffset(java.time.ZoneOffset.UTC), everySeconds);
    }

    @Test
    void randomWindowsEqualRawSqlAroundBothDaylightSavingDaysWithLateAndCorrectedData() throws SQLException {
        Random random = new Random(1325);
        long ds = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        Instant springFrom = Instant.parse("2026-03-20T00:00:00Z");
        Instant springTo = Instant.parse("2026-04-08T00:00:00Z");
        Instant autumnFrom = Instant.parse("2026-10-18T00:00:00Z");
        Instant autumnTo = Instant.parse("2026-11-05T00:00:00Z");
        fill(ds, springFrom, springTo, 997);
        fill(ds, autumnFrom, autumnTo, 997);
        int buckets = compareRandomWindows(ds, random, springFrom.minus(Duration.ofDays(2)), springTo, 25)
                + compareRandomWindows(ds, random, autumnFrom, autumnTo.plus(Duration.ofDays(2)), 25);

        // late data (new times, between the old ones) and corrections (an upsert that changes values) after the
        // rollups were built, then again
        try (Connection c = TestDatabase.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                    + " SELECT " + ds + ", g, -5, 'late' FROM generate_series(timestamptz '2026-10-25 00:00:01Z',"
                    + " timestamptz '2026-10-26 00:00:01Z', interval '1 hour') AS g");
            st.executeUpdate("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                    + " SELECT datastream_id, phenomenon_time, result + 5000, 'correction' FROM tweeling.observation"
                    + " WHERE datastream_id = " + ds + " AND phenomenon_time BETWEEN '2026-03-28 20:00Z' AND '2026-03-29 04:00Z'"
                    + " ON CONFLICT (datastream_id, phenomenon_time) DO UPDATE SET result = EXCLUDED.result");
            st.executeUpdate("UPDATE tweeling.observation SET result = -1000 WHERE datastream_id = " + ds
                    + " AND phenomenon_time BETWEEN '2026-11-01 10:00Z' AND '2026-11-01 10:30Z'");
        }
        buckets += compareRandomWindows(ds, random, springFrom, springTo, 20)
                + compareRandomWindows(ds, random, autumnFrom, autumnTo, 20);
        assertTrue(buckets > 500, "enough buckets compared: " + buckets);
    }

    @Test
    void wholeHoursAndDaysAreReadFromTheRollupsAndTheEdgesFromRawRows() {
        long ds = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        fill(ds, Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-28T00:00:00Z"), 600);
        // raw rows removed the way retention removes them: the rollups stay
        TestDatabase.update("DO $$ BEGIN SET LOCAL tweeling.keep_rollups = 'on';"
                + " DELETE FROM tweeling.observation WHERE datastream_id = " + ds + "; END $$");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", ds));
        // the 25-hour day 2026-10-25 from the daily rollup: 150 values, one every 10 minutes
        JsonPath day = aggregate(ds, Instant.parse("2026-10-24T22:00:00Z"), Instant.parse("2026-10-25T23:00:00Z"), "P1D");
        assertEquals(150, day.getLong("buckets[0].count"));
        JsonPath hours = aggregate(ds, Instant.parse("2026-10-24T22:00:00Z"), Instant.parse("2026-10-25T23:00:00Z"), "PT1H");
        assertEquals(25, hours.getList("buckets").size());
        assertEquals(6, hours.getLong("buckets[2].count"));
        // a window starting mid-hour reads its edge raw: nothing is left there, the whole hours still count
        JsonPath edge = aggregate(ds, Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-25T03:00:00Z"), "PT1H");
        assertEquals(0, edge.getLong("buckets[0].count"));
        assertEquals(6, edge.getLong("buckets[1].count"));
        // buckets of whole five-minute periods come from the five-minute rollups: three values per half hour
        JsonPath halves = aggregate(ds, Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T01:00:00Z"), "PT30M");
        assertEquals(2, halves.getList("buckets").size());
        assertEquals(3, halves.getLong("buckets[0].count"));
        assertEquals(3, halves.getLong("buckets[1].count"));
        // a five-minute window: one value (00:10), from the rollup; its edges (00:07–00:10, 00:15–00:16) are raw
        JsonPath fives = aggregate(ds, Instant.parse("2026-10-25T00:07:00Z"), Instant.parse("2026-10-25T00:16:00Z"), "PT5M");
        assertEquals(1, fives.getLong("buckets[1].count"));
        // other minutes are never rolled up
        JsonPath minutes = aggregate(ds, Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T01:00:00Z"), "PT2M");
        assertEquals(0, minutes.getLong("buckets[0].count"));
    }
}
