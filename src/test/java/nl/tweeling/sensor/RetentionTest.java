package nl.tweeling.sensor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.support.TestDatabase;

/**
 * Raw-data retention per observed property: old raw rows go, their rollups stay and still answer whole hours and
 * days; what would need the removed raw rows is a 400; whole partitions are dropped only when every observed
 * property allows, and are not created again.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    PartitionMaintainer maintainer;

    static String aggregate(long ds, Instant start, Instant end, String interval, String stats) {
        return "/datastreams/" + ds + "/aggregate?datetime=" + URLEncoder.encode(start + "/" + end, StandardCharsets.UTF_8)
                + "&interval=" + interval + "&stats=" + stats;
    }

    @Test
    void oldRawRowsOfAPropertyWithRetentionGoAndTheirRollupsStillAnswer() throws Exception {
        String property = "test-retention-" + UUID.randomUUID().toString().substring(0, 8);
        TestDatabase.update("INSERT INTO tweeling.observed_property (id, name, unit_name, unit_symbol, raw_retention)"
                + " VALUES (?, 'Test', 'unit', 'u', interval '30 days')", property);
        long ds = TestDatabase.datastreamId(TestDatabase.newDatastream(property));
        long other = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant oldDay = today.minusDays(100).atStartOfDay(Buckets.ZONE).toInstant();
        Instant recent = today.minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (long id : new long[] {ds, other}) {
            TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                    + " SELECT ?, g, extract(minute FROM g), 'test' FROM generate_series(?::timestamptz, ?::timestamptz"
                    + " + interval '2 days', interval '10 minutes') AS g", id, Timestamp.from(oldDay), Timestamp.from(oldDay));
            TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                    + " VALUES (?, ?, 1, 'test')", id, Timestamp.from(recent));
        }
        Instant oldEnd = oldDay.plus(2, ChronoUnit.DAYS);
        JsonPath before = given().urlEncodingEnabled(false).get(aggregate(ds, oldDay, oldEnd, "P1D", "count,sum,min,max"))
                .then().statusCode(200).extract().jsonPath();

        PartitionMaintainer.Retained r = maintainer.retain(today);
        assertTrue(r.deletedRows() >= 289, "the old rows of the property: " + r.deletedRows());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", ds),
                "only the recent row is left");
        assertEquals(290, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", other),
                "a property without retention keeps everything");
        Timestamp kept = (Timestamp) TestDatabase.scalar("SELECT raw_kept_since FROM tweeling.observed_property WHERE id = ?", property);
        assertEquals(today.minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant(), kept.toInstant());

        // whole days and hours still come from the rollups, equal to what the raw rows gave
        JsonPath after = given().urlEncodingEnabled(false).get(aggregate(ds, oldDay, oldEnd, "P1D", "count,sum,min,max"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(before.getList("buckets"), after.getList("buckets"));
        assertEquals(144, after.getInt("buckets[0].count"));
        given().urlEncodingEnabled(false).get(aggregate(ds, oldDay, oldEnd, "PT1H", "avg")).then().statusCode(200);
        // percentiles and partial hours would need the raw rows: a 400 that says so
        given().urlEncodingEnabled(false).get(aggregate(ds, oldDay, oldEnd, "P1D", "p50")).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("retention"));
        given().urlEncodingEnabled(false).get(aggregate(ds, oldDay.plusSeconds(90), oldEnd, "PT1H", "avg")).then().statusCode(400);
        // half hours are whole five-minute periods: from the five-minute rollups (10-minute data: 3 values each);
        // a window that starts inside one, or minutes that are no multiple of five, would need raw rows
        JsonPath halves = given().urlEncodingEnabled(false).get(aggregate(ds, oldDay, oldEnd, "PT30M", "count"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(96, halves.getList("buckets").size());
        assertEquals(3, halves.getInt("buckets[5].count"));
        given().urlEncodingEnabled(false).get(aggregate(ds, oldDay.plusSeconds(90), oldEnd, "PT5M", "avg")).then().statusCode(400);
        given().urlEncodingEnabled(false).get(aggregate(ds, oldDay, oldEnd, "PT2M", "avg")).then().statusCode(400)
                .body("detail", containsString("five"));
        // recent data is raw as ever
        given().urlEncodingEnabled(false).get(aggregate(ds, recent.minusSeconds(90), recent.plusSeconds(90), "PT1M", "p50")).then().statusCode(200);
    }

    @Test
    void partitionsGoWhenEveryPropertyAllowsAndAreNotCreatedAgain() throws Exception {
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                long ds = TestDatabase.datastreamId(TestDatabase.newDatastream("PM10"));
                st.executeUpdate("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                        + " VALUES (" + ds + ", '2020-03-01T10:15:00Z', 7, 'test')");
                assertEquals(1, count(st, "SELECT count(*) FROM tweeling.observation_y2020 WHERE datastream_id = " + ds));
                st.executeUpdate("UPDATE tweeling.observed_property SET raw_retention = interval '400 days'");
                int dropped;
                try (ResultSet rs = st.executeQuery("SELECT dropped_partitions FROM tweeling.apply_raw_retention(now())")) {
                    rs.next();
                    dropped = rs.getInt(1);
                }
                assertTrue(dropped >= 40, "the yearly partitions since 1980 at least: " + dropped);
                assertEquals(0, count(st, "SELECT count(*) FROM pg_class WHERE relname = 'observation_y2020'"));
                assertEquals(0, count(st, "SELECT count(*) FROM tweeling.observation WHERE datastream_id = " + ds));
                assertEquals(0, count(st, ObservationCountTest.MISCOUNTED), "the dropped partitions' rows left the counts");
                assertEquals(1, count(st, "SELECT n FROM tweeling.observation_hourly WHERE datastream_id = " + ds),
                        "the rollup stays");
                // the partition maintenance does not create them again
                try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("sensor/ensure_partitions.sql"))) {
                    ps.setTimestamp(1, Timestamp.from(Instant.parse("1980-01-01T00:00:00Z")));
                    ps.setTimestamp(2, Timestamp.from(Instant.now()));
                    ps.setTimestamp(3, Timestamp.from(Instant.now().plus(90, ChronoUnit.DAYS)));
                    ps.setTimestamp(4, Timestamp.from(LocalDate.now(ZoneOffset.UTC).withDayOfYear(1).minusYears(1)
                            .atStartOfDay(ZoneOffset.UTC).toInstant()));
                    ps.executeQuery().close();
                }
                assertEquals(0, count(st, "SELECT count(*) FROM pg_class WHERE relname = 'observation_y2020'"));
                // a property without retention keeps every partition
                st.executeUpdate("UPDATE tweeling.observed_property SET raw_retention = NULL WHERE id = 'NO2'");
                try (ResultSet rs = st.executeQuery("SELECT dropped_partitions FROM tweeling.apply_raw_retention(now())")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1));
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static long count(Statement st, String sql) throws java.sql.SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
