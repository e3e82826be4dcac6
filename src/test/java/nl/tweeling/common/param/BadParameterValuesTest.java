package nl.tweeling.common.param;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import nl.tweeling.support.TestDatabase;

/**
 * Values the database would refuse (an overflow, a value beyond its column's type, a NUL character) and
 * values only a lenient parser would take (full-width digits, a repeated cursor) are a 400 problem naming
 * the parameter, answered before any SQL: no 500, no stack trace in the log, no raw NUL in the log.
 * Each request was a 500 (or a 200) before (issue 11, point 6).
 */
@QuarkusTest
class BadParameterValuesTest {

    /** Every log record of the app during one test (the app runs in this JVM). */
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("").removeHandler(capture);
    }

    /** GET of a raw (already percent-encoded) path and query: a 400 problem naming {@code parameter}. */
    private static ValidatableResponse bad(String rawPathAndQuery, String parameter) {
        return given().urlEncodingEnabled(false).get(rawPathAndQuery).then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("parameter", equalTo(parameter));
    }

    /** No record logged an error with a stack trace (a 500), and none holds a raw NUL character. */
    private void assertQuietLog() {
        for (LogRecord r : logged) {
            String text = r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()) + " " + stackTrace(r);
            assertTrue(text.indexOf('\0') < 0, "a raw NUL in the log: " + text.replace('\0', '?'));
            if (r.getLoggerName() != null && r.getLoggerName().contains("ProblemMapper")) {
                assertTrue(r.getLevel().intValue() < Level.SEVERE.intValue(), "an error logged: " + text);
            }
        }
    }

    private static String stackTrace(LogRecord r) {
        if (r.getThrown() == null) {
            return "";
        }
        StringWriter w = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void datetimeBeyondTheYear9999IsA400OnItemsAndObservations() {
        String key = TestDatabase.newDatastream("NO2");
        for (String path : List.of("/collections/buildings/items", "/datastreams/" + key + "/observations",
                "/datastreams/" + TestDatabase.datastreamId(key) + "/observations")) {
            bad(path + "?datetime=2024-01-01%2FP99999999Y", "datetime").body("detail", containsString("0000 to 9999"));
            bad(path + "?datetime=%2B999999999-12-31T23%3A59%3A59Z", "datetime");
            bad(path + "?datetime=PT1H%2F-999999999-01-01T00%3A00%3A00Z", "datetime");
            bad(path + "?datetime=10000-01-01T00%3A00%3A00Z%2F..", "datetime");
            // the edges still work
            given().urlEncodingEnabled(false).get(path + "?datetime=9999-12-31T23%3A59%3A59Z%2F..").then().statusCode(200);
            given().urlEncodingEnabled(false).get(path + "?datetime=0000-01-01%2F2024-01-01").then().statusCode(200);
        }
        assertQuietLog();
    }

    @Test
    void cql2NumbersBeyondADoubleAreA400() {
        bad("/collections/buildings/items?filter=height_m%20%3E%201e309", "filter").body("detail", containsString("out of range"));
        bad("/collections/buildings/items?filter=height_m%20%3E%201e-400", "filter");
        given().urlEncodingEnabled(false).get("/collections/buildings/items?filter=height_m%20%3E%201e300")
                .then().statusCode(200).body("numberReturned", equalTo(0));
        given().queryParam("filter-lang", "cql2-json")
                .queryParam("filter", "{\"op\":\">\",\"args\":[{\"property\":\"height_m\"},1e309]}")
                .get("/collections/buildings/items").then().statusCode(400).body("parameter", equalTo("filter"));
        assertQuietLog();
    }

    @Test
    void propertyValuesAreCheckedAgainstTheirColumnsType() {
        // construction_year is a smallint: -32768..32767
        bad("/collections/buildings/items?construction_year=2147483648", "construction_year")
                .body("detail", containsString("32767"));
        bad("/collections/buildings/items?construction_year=40000", "construction_year");
        bad("/collections/buildings/items?construction_year=99999999999999999999", "construction_year");
        bad("/collections/buildings/items?construction_year=%EF%BC%91%EF%BC%99%EF%BC%90%EF%BC%90", "construction_year");
        given().get("/collections/buildings/items?construction_year=32767").then().statusCode(200)
                .body("numberReturned", equalTo(0));
        given().get("/collections/buildings/items?construction_year=1930&limit=5").then().statusCode(200)
                .body("features.properties.construction_year", everyItem(equalTo(1930)));
        // height_m is a real (float4): beyond ±3.4e38 it cannot match
        bad("/collections/buildings/items?height_m=1e39", "height_m");
        assertQuietLog();
    }

    @Test
    void aNulInAnyPathOrQueryParameterIsA400NamingIt() {
        String key = TestDatabase.newDatastream("NO2");
        bad("/collections/buildings/items/x%00y", "featureId").body("detail", containsString("NUL"));
        bad("/collections/buildings%00/items", "collectionId");
        bad("/datastreams/1%00", "id");
        bad("/datastreams/" + key + "%00/observations", "id");
        bad("/jobs?type=%00", "type");
        bad("/jobs?type=import%00x", "type");
        bad("/collections/buildings/items?use=%00", "use");
        bad("/collections/buildings/items?filter=use%20%3D%20%27%00%27", "filter");
        assertQuietLog();
    }

    @Test
    void wholeNumbersAreAsciiDigitsOnly() {
        String key = TestDatabase.newDatastream("NO2");
        // full-width digits (U+FF11 U+FF10: "１０") are no limit
        bad("/collections/buildings/items?limit=%EF%BC%91%EF%BC%90", "limit");
        bad("/datastreams/" + key + "/observations?limit=%EF%BC%91%EF%BC%90", "limit");
        given().get("/collections/buildings/items?limit=10").then().statusCode(200).body("numberReturned", equalTo(10));
        given().get("/datastreams/" + key + "/observations?limit=10").then().statusCode(200);
        // a datastream id of full-width digits is no id (nor a key that exists)
        given().urlEncodingEnabled(false).get("/datastreams/%EF%BC%91/observations").then().statusCode(404);
        assertQuietLog();
    }

    @Test
    void aRepeatedCursorIsA400() {
        String next = given().get("/collections/buildings/items?limit=2").then().statusCode(200)
                .extract().path("links.find { it.rel == 'next' }.href");
        String cursor = next.replaceAll(".*[?&]cursor=([^&]*).*", "$1");
        given().urlEncodingEnabled(false).get("/collections/buildings/items?limit=2&cursor=" + cursor)
                .then().statusCode(200);
        bad("/collections/buildings/items?limit=2&cursor=" + cursor + "&cursor=" + cursor, "cursor");
        bad("/collections/buildings/items?limit=2&limit=2", "limit");
        assertEquals(0, logged.stream().filter(r -> r.getLevel() == Level.SEVERE && r.getLoggerName() != null
                && r.getLoggerName().contains("ProblemMapper")).count());
    }
}
