package nl.tweeling.sensor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

import nl.tweeling.support.TestDatabase;

/**
 * {@code GET /aggregate?by=LAYER}: statistics per area of a polygon layer equal plain SQL over the raw rows, each
 * sensor counted in the area its thing was in at the observation's time (a sensor that moves mid-hour counts in
 * both areas, each for its part), areas without sensors present with null and 0; bad input is a 400 problem.
 */
@QuarkusTest
class AreaAggregateTest {

    /** Plain SQL: count, avg, min, max, sum and sensors per area and bucket, by location at observation time. */
    static final String RAW = """
            SELECT a.feature_id, width_bucket(o.phenomenon_time, ?::timestamptz[]) AS bucket,
                   count(DISTINCT o.datastream_id), count(*), avg(o.result), min(o.result), max(o.result), sum(o.result)
            FROM tweeling.observation AS o
            JOIN tweeling.datastream AS d ON d.id = o.datastream_id
            JOIN (SELECT DISTINCT thing_id, location_id, valid FROM tweeling.thing_location_period) AS p
              ON p.thing_id = d.thing_id AND p.valid @> o.phenomenon_time
            JOIN tweeling.location AS l ON l.id = p.location_id
            JOIN tweeling.buurten AS a ON a.valid_to IS NULL AND ST_Intersects(a.geom, ST_PointOnSurface(l.geom))
            WHERE d.observed_property = ? AND o.phenomenon_time >= ? AND o.phenomenon_time < ? AND o.result IS NOT NULL
            GROUP BY 1, 2
            """;

    static String newProperty() {
        String id = "test-area-" + UUID.randomUUID().toString().substring(0, 8);
        TestDatabase.update("INSERT INTO tweeling.observed_property (id, name, unit_name, unit_symbol) VALUES (?, ?, 'unit', 'u')",
                id, "Test " + id);
        return id;
    }

    /** A thing at the point on surface of buurt {@code area} with one datastream of {@code property}; its id. */
    static long sensorIn(String property, String area) {
        String key = "test-area-" + UUID.randomUUID();
        TestDatabase.update("INSERT INTO tweeling.thing (key, name, geom, source) SELECT ?, ?, ST_PointOnSurface(geom), 'test'"
                + " FROM tweeling.buurten WHERE feature_id = ? AND valid_to IS NULL", key, key, area);
        TestDatabase.update("INSERT INTO tweeling.datastream (key, thing_id, observed_property, name, source)"
                + " SELECT ?, id, ?, ?, 'test' FROM tweeling.thing WHERE key = ?", key, property, key, key);
        return TestDatabase.datastreamId(key);
    }

    /** The thing of datastream {@code ds} moves into buurt {@code area} at {@code time} (a historical location). */
    static void moves(long ds, String area, Instant time) {
        TestDatabase.update("""
                WITH loc AS (
                    INSERT INTO tweeling.location (name, geom, source)
                    SELECT 'moved', ST_PointOnSurface(geom), 'test' FROM tweeling.buurten WHERE feature_id = ? AND valid_to IS NULL
                    RETURNING id),
                hl AS (
                    INSERT INTO tweeling.historical_location (thing_id, time)
                    SELECT thing_id, ? FROM tweeling.datastream WHERE id = ?
                    RETURNING id)
                INSERT INTO tweeling.historical_location_location (historical_location_id, location_id)
                SELECT hl.id, loc.id FROM hl, loc
                """, area, time.atOffset(ZoneOffset.UTC), ds);
    }

    static void values(long ds, String from, String to, int everySeconds, double base) {
        TestDatabase.update("INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)"
                + " SELECT ?, g, ? + (extract(epoch FROM g)::bigint % 97), 'test'"
                + " FROM generate_series(?::timestamptz, ?::timestamptz, make_interval(secs => ?)) AS g",
                ds, base, OffsetDateTime.parse(from), OffsetDateTime.parse(to), everySeconds);
    }

    static JsonPath get(String query) {
        return given().urlEncodingEnabled(false).get("/aggregate?" + query)
                .then().statusCode(200).contentType(startsWith("application/geo+json")).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void assertClose(Object expected, Object actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
            return;
        }
        double x = ((Number) expected).doubleValue();
        assertEquals(x, ((Number) actual).doubleValue(), 1e-9 * Math.max(1, Math.abs(x)), what);
    }

    @Test
    void perAreaAndDayEqualsPlainSqlWithSensorsCountedWhereTheyWereAtTheTime() throws SQLException {
        List<String> areas = List.of(
                (String) TestDatabase.scalar("SELECT feature_id FROM tweeling.buurten WHERE valid_to IS NULL ORDER BY feature_id LIMIT 1"),
                (String) TestDatabase.scalar("SELECT feature_id FROM tweeling.buurten WHERE valid_to IS NULL ORDER BY feature_id LIMIT 1 OFFSET 1"));
        String property = newProperty();
        long a1 = sensorIn(property, areas.get(0));
        long a2 = sensorIn(property, areas.get(0));
        long mover = sensorIn(property, areas.get(0));
        values(a1, "2026-10-23T00:00:00Z", "2026-10-28T00:00:00Z", 600, 10);
        values(a2, "2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z", 1800, 100);
        values(mover, "2026-10-23T00:00:00Z", "2026-10-28T00:00:00Z", 300, 1000);
        // the mover's first location holds from the beginning of time; it moves mid-hour on the 25-hour day
        moves(mover, areas.get(0), Instant.parse("2026-10-20T00:00:00Z"));
        moves(mover, areas.get(1), Instant.parse("2026-10-25T13:17:00Z"));
        String start = "2026-10-23T07:30:00Z";
        String end = "2026-10-27T00:00:00Z";
        JsonPath body = get("observedProperty=" + property + "&by=buurten&datetime=" + enc(start + "/" + end)
                + "&interval=P1D&stat=avg,min,max,count,sum");
        long areasInLayer = TestDatabase.count("SELECT count(*) FROM tweeling.buurten WHERE valid_to IS NULL");
        assertEquals(areasInLayer, body.getList("features").size(), "every area of the layer");
        assertEquals("FeatureCollection", body.getString("type"));

        List<Map<String, Object>> features = body.getList("features");
        Map<String, Map<String, Object>> byId = new HashMap<>();
        features.forEach(f -> byId.put(String.valueOf(f.get("id")), f));
        // expected, by plain SQL over the raw rows; bucket bounds as the endpoint reports them
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> buckets0 = (List<Map<String, Object>>) ((Map<String, Object>) byId.get(areas.get(0))
                .get("properties")).get("buckets");
        assertEquals(5, buckets0.size(), "partial first day, three whole days (one of 25 hours), one more");
        Instant[] bounds = new Instant[buckets0.size() + 1];
        for (int i = 0; i < buckets0.size(); i++) {
            bounds[i] = OffsetDateTime.parse((String) buckets0.get(i).get("start")).toInstant();
        }
        bounds[buckets0.size()] = Instant.parse(end);
        int compared = 0;
        Map<String, long[]> seen = new HashMap<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement ps = c.prepareStatement(RAW)) {
            ps.setArray(1, c.createArrayOf("timestamptz", java.util.Arrays.stream(bounds).map(java.sql.Timestamp::from).toArray()));
            ps.setString(2, property);
            ps.setObject(3, OffsetDateTime.parse(start));
            ps.setObject(4, OffsetDateTime.parse(end));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String area = rs.getString(1);
                    int bucket = rs.getInt(2);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> props = (Map<String, Object>) byId.get(area).get("properties");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> got = ((List<Map<String, Object>>) props.get("buckets")).get(bucket - 1);
                    String what = area + " bucket " + got.get("start");
                    assertEquals(rs.getLong(3), ((Number) got.get("sensors")).longValue(), what + " sensors");
                    assertEquals(rs.getLong(4), ((Number) got.get("observations")).longValue(), what + " observations");
                    assertEquals(rs.getLong(4), ((Number) got.get("count")).longValue(), what + " count");
                    assertClose(rs.getObject(5), got.get("avg"), what + " avg");
                    assertClose(rs.getObject(6), got.get("min"), what + " min");
                    assertClose(rs.getObject(7), got.get("max"), what + " max");
                    assertClose(rs.getObject(8), got.get("sum"), what + " sum");
                    seen.computeIfAbsent(area, k -> new long[1])[0] += rs.getLong(4);
                    compared++;
                }
            }
        }
        assertTrue(compared >= 7, "both areas, several days: " + compared);
        // the mover counts in the second area from its move on: two sensors' worth of days there is 0
        @SuppressWarnings("unchecked")
        Map<String, Object> second = (Map<String, Object>) byId.get(areas.get(1)).get("properties");
        assertEquals(1.0, ((Number) second.get("sensors")).doubleValue());
        assertEquals(seen.get(areas.get(1))[0], ((Number) second.get("observations")).longValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) byId.get(areas.get(0)).get("properties");
        assertEquals(3.0, ((Number) first.get("sensors")).doubleValue());
        // areas without sensors: null and 0
        String empty = features.stream().map(f -> String.valueOf(f.get("id"))).filter(id -> !areas.contains(id))
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> none = (Map<String, Object>) byId.get(empty).get("properties");
        assertEquals(0.0, ((Number) none.get("sensors")).doubleValue());
        assertEquals(0.0, ((Number) none.get("observations")).doubleValue());
        assertNull(none.get("avg"));
        assertTrue(none.containsKey("avg"));
        assertTrue(none.containsKey("name"), "the layer's own properties are there too");
    }

    @Test
    void withoutIntervalOneValuePerAreaAndGeometryInTheAskedCrs() {
        String property = newProperty();
        String area = (String) TestDatabase.scalar("SELECT feature_id FROM tweeling.buurten WHERE valid_to IS NULL ORDER BY feature_id DESC LIMIT 1");
        long ds = sensorIn(property, area);
        values(ds, "2026-03-28T00:00:00Z", "2026-03-30T23:59:00Z", 3600, 0);
        String query = "observedProperty=" + property + "&by=buurten&datetime=2026-03-29/2026-03-30&stat=count,avg";
        JsonPath body = get(query);
        Map<String, Object> props = body.getMap("features.find { it.id == '" + area + "' }.properties");
        assertEquals(23.0, ((Number) props.get("count")).doubleValue(), "the 23-hour day, one value an hour");
        assertEquals(null, props.get("buckets"));
        Object expectedAvg = TestDatabase.scalar("SELECT avg(result) FROM tweeling.observation WHERE datastream_id = ?"
                + " AND phenomenon_time >= '2026-03-28T23:00Z' AND phenomenon_time < '2026-03-29T22:00Z'", ds);
        assertClose(expectedAvg, props.get("avg"), "avg");
        // RD New: metres, not degrees
        given().urlEncodingEnabled(false).get("/aggregate?" + query + "&crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/28992"))
                .then().statusCode(200).header("Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/28992>")
                .body("features[0].geometry.coordinates[0][0][0][0]", org.hamcrest.Matchers.greaterThan(1000f));
        // CSV: one line per area
        String csv = given().urlEncodingEnabled(false).get("/aggregate?" + query + "&f=csv").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        assertTrue(csv.startsWith("id,start,end,sensors,observations,count,avg\r\n"), csv.substring(0, 60));
        assertTrue(csv.contains(area + ",2026-03-29T00:00:00+01:00,2026-03-30T00:00:00+02:00,1,23,23,"), csv);
    }

    @Test
    void badInputIsA400Problem() {
        String ok = "observedProperty=NO2&by=buurten&datetime=2026-03-29/2026-03-30";
        for (String[] bad : new String[][] {
            {"observedProperty=NO2&by=nosuchlayer&datetime=2026-03-29/2026-03-30", "by"},
            {"observedProperty=NO2&by=addresses&datetime=2026-03-29/2026-03-30", "by"},
            {"observedProperty=nosuch&by=buurten&datetime=2026-03-29/2026-03-30", "observedProperty"},
            {"by=buurten&datetime=2026-03-29/2026-03-30", "observedProperty"},
            {ok + "&interval=PT7M", "interval"},
            {ok + "&stat=p95", "stat"},
            {"observedProperty=NO2&by=buurten&datetime=2026-03-30/2026-03-29", "datetime"},
            {"observedProperty=NO2&by=buurten&datetime=2020-01-01/2026-01-01&interval=PT1M", "interval"},
            {ok + "&colour=red", "colour"},
            {ok + "&crs=EPSG:1", "crs"},
        }) {
            given().urlEncodingEnabled(false).get("/aggregate?" + bad[0]).then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(400));
        }
    }
}
