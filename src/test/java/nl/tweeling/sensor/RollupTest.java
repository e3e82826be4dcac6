package nl.tweeling.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.ingest.Observation;
import nl.tweeling.ingest.ObservationRepository;
import nl.tweeling.support.TestDatabase;

/**
 * The five-minute (V021), hourly and daily rollups (V009) equal plain SQL over the raw observations after every kind of write:
 * the ingest repository's direct COPY and merge (duplicates, corrections, late data), and SQL typed by hand
 * (INSERT, UPDATE, DELETE), around both daylight-saving days.
 */
@QuarkusTest
class RollupTest {

    @Inject
    ObservationRepository repository;

    /** count, sum, min, max of one bucket. */
    record Stats(long n, double sum, double min, double max) {
    }

    static final String RAW_HOURLY = "SELECT datastream_id, date_trunc('hour', phenomenon_time, 'UTC'), count(*),"
            + " sum(result), min(result), max(result) FROM tweeling.observation WHERE datastream_id = ANY (?)"
            + " AND result IS NOT NULL GROUP BY 1, 2";
    static final String RAW_DAILY = "SELECT datastream_id, date_trunc('day', phenomenon_time, 'Europe/Amsterdam'),"
            + " count(*), sum(result), min(result), max(result) FROM tweeling.observation WHERE datastream_id = ANY (?)"
            + " AND result IS NOT NULL GROUP BY 1, 2";
    static final String RAW_FIVE = "SELECT datastream_id, date_bin('5 minutes', phenomenon_time,"
            + " TIMESTAMPTZ '2000-01-01 00:00:00+00'), count(*), sum(result), min(result), max(result)"
            + " FROM tweeling.observation WHERE datastream_id = ANY (?) AND result IS NOT NULL GROUP BY 1, 2";
    static final String FIVE = "SELECT datastream_id, bucket, n, sum, min, max FROM tweeling.observation_5min"
            + " WHERE datastream_id = ANY (?)";
    static final String HOURLY = "SELECT datastream_id, hour, n, sum, min, max FROM tweeling.observation_hourly"
            + " WHERE datastream_id = ANY (?)";
    static final String DAILY = "SELECT datastream_id, day_start, n, sum, min, max FROM tweeling.observation_daily"
            + " WHERE datastream_id = ANY (?)";

    static Map<String, Stats> read(String sql, long... ids) {
        Map<String, Stats> out = new TreeMap<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", java.util.Arrays.stream(ids).boxed().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1) + "@" + rs.getTimestamp(2).toInstant(),
                            new Stats(rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Asserts the rollups of these datastreams equal the raw rows: count, min, max exactly, sums to 1e-9. */
    static void assertRollupsEqualRaw(long... ids) {
        assertSame(read(RAW_FIVE, ids), read(FIVE, ids), "five-minute");
        assertSame(read(RAW_HOURLY, ids), read(HOURLY, ids), "hourly");
        assertSame(read(RAW_DAILY, ids), read(DAILY, ids), "daily");
    }

    static void assertSame(Map<String, Stats> expected, Map<String, Stats> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + " buckets");
        for (Map.Entry<String, Stats> e : expected.entrySet()) {
            Stats x = e.getValue();
            Stats a = actual.get(e.getKey());
            assertEquals(x.n(), a.n(), what + " count of " + e.getKey());
            assertEquals(x.min(), a.min(), what + " min of " + e.getKey());
            assertEquals(x.max(), a.max(), what + " max of " + e.getKey());
            assertEquals(x.sum(), a.sum(), 1e-9 * Math.max(1, Math.abs(x.sum())), what + " sum of " + e.getKey());
        }
    }

    static Observation obs(long ds, Instant t, double v, long offset, String source) {
        return new Observation(ds, t, v, null, null, source, offset);
    }

    @Test
    void repositoryWritesKeepRollupsEqualToRawAroundBothDaylightSavingDays() throws Exception {
        Random random = new Random(20261025);
        long a = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        long b = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        for (Instant day : List.of(Instant.parse("2026-03-28T12:00:00Z"), Instant.parse("2026-10-24T12:00:00Z"))) {
            // fresh data: the direct COPY
            List<Observation> fresh = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                Instant t = day.plusSeconds(i * 311L);
                fresh.add(obs(i % 2 == 0 ? a : b, t, Math.round(random.nextDouble() * 1000) / 10.0, i, "kafka:t/0"));
            }
            ObservationRepository.WriteResult w = repository.write(fresh);
            assertEquals(600, w.inserted());
            assertRollupsEqualRaw(a, b);
            // a redelivery with corrections (higher offsets), duplicates and late values: the merge
            List<Observation> again = new ArrayList<>();
            for (int i = 0; i < 600; i += 3) {
                Observation o = fresh.get(i);
                again.add(i % 2 == 0 ? o : obs(o.datastreamId(), o.phenomenonTime(), o.result() + 1000, 1000 + i, "kafka:t/0"));
            }
            for (int i = 0; i < 50; i++) {
                again.add(obs(a, day.minus(Duration.ofMinutes(17L * i + 1)), -i, 5000 + i, "kafka:t/0"));
            }
            w = repository.write(again);
            assertEquals(50, w.inserted(), "the late values");
            assertEquals(100, w.corrected(), "every odd third is a correction");
            assertRollupsEqualRaw(a, b);
        }
        Map<String, Stats> hours = read(HOURLY, a);
        assertTrue(hours.size() > 40, "the data spans many hours: " + hours.size());
        // the 25-hour day 2026-10-25 starts at local midnight, 22:00 UTC the day before
        assertTrue(read(DAILY, a).containsKey(a + "@2026-10-24T22:00:00Z"));
        assertTrue(read(DAILY, a).containsKey(a + "@2026-10-25T23:00:00Z"));
    }

    @Test
    void sqlByHandKeepsRollupsEqualToRaw() {
        long a = TestDatabase.datastreamId(TestDatabase.newDatastream("PM10"));
        TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                + " SELECT ?, timestamptz '2026-10-24 20:00Z' + g * interval '7 minutes', (g * 37 % 101) / 4.0, 'test'"
                + " FROM generate_series(0, 700) AS g", a);
        assertRollupsEqualRaw(a);
        // a correction lowers a maximum and raises a minimum: the buckets are recomputed
        double max = ((Number) TestDatabase.scalar("SELECT max(result) FROM tweeling.observation WHERE datastream_id = ?", a)).doubleValue();
        TestDatabase.update("UPDATE tweeling.observation SET result = 1 WHERE datastream_id = ? AND result = ?", a, max);
        TestDatabase.update("UPDATE tweeling.observation SET result = 50 WHERE datastream_id = ? AND result = 0", a);
        assertRollupsEqualRaw(a);
        // a non-numeric result leaves the buckets; a deleted hour leaves no row behind
        TestDatabase.update("UPDATE tweeling.observation SET result = NULL, result_json = '\"x\"' WHERE datastream_id = ?"
                + " AND phenomenon_time < '2026-10-24 21:00Z'", a);
        TestDatabase.update("DELETE FROM tweeling.observation WHERE datastream_id = ? AND phenomenon_time >= '2026-10-25 01:00Z'"
                + " AND phenomenon_time < '2026-10-25 02:00Z'", a);
        assertRollupsEqualRaw(a);
        assertFalse(read(HOURLY, a).containsKey(a + "@2026-10-24T20:00:00Z"));
        assertFalse(read(HOURLY, a).containsKey(a + "@2026-10-25T01:00:00Z"));
        // ON CONFLICT DO UPDATE: inserted rows add, updated rows recompute
        TestDatabase.update("INSERT INTO tweeling.observation AS o (datastream_id, phenomenon_time, result, source)"
                + " SELECT ?, timestamptz '2026-10-25 00:00Z' + g * interval '5 minutes', g, 'test2'"
                + " FROM generate_series(0, 60) AS g"
                + " ON CONFLICT (datastream_id, phenomenon_time) DO UPDATE SET result = EXCLUDED.result", a);
        assertRollupsEqualRaw(a);
        // a moved row leaves its old bucket
        TestDatabase.update("UPDATE tweeling.observation SET phenomenon_time = phenomenon_time + interval '3 days 1 second'"
                + " WHERE datastream_id = ? AND phenomenon_time < '2026-10-25 06:00Z'", a);
        assertRollupsEqualRaw(a);
        assertTrue(TestDatabase.count("SELECT count(*) FROM tweeling.observation_daily WHERE datastream_id = ?", a) >= 2);
    }

    @Test
    void timestampsAreBoundAsInstants() {
        // sanity of the helper: an instant written is read back in its UTC hour
        long a = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source) VALUES (?, ?, 4, 'test')",
                a, Timestamp.from(Instant.parse("2026-03-29T00:59:59Z")));
        assertEquals(Map.of(a + "@2026-03-29T00:00:00Z", new Stats(1, 4, 4, 4)), read(HOURLY, a));
        assertEquals(Map.of(a + "@2026-03-28T23:00:00Z", new Stats(1, 4, 4, 4)), read(DAILY, a));
    }
}
