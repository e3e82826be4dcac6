package nl.tweeling.sta;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import nl.tweeling.push.SseClient;
import nl.tweeling.support.TestDatabase;

/**
 * SensorThings conformance class "create/update/delete": POST on entity sets and navigation collections with deep
 * insert and links, 201 with Location, PATCH, DELETE and its cascades, CreateObservations, the role ingest, and
 * observations written the way ingest writes them (once, corrections counted, streamed), against real PostGIS.
 */
@QuarkusTest
class StaWriteTest {

    static final String V = "/sta/v1.1/";
    static final ObjectMapper JSON = new ObjectMapper();

    static RequestSpecification as(String key) {
        return given().header("X-API-Key", key).contentType("application/json");
    }

    /** POSTs and expects 201; returns the new entity's id (from its Location header, checked against the body). */
    static long created(String key, String path, String body) {
        Response r = as(key).body(body).post(V + path);
        assertEquals(201, r.statusCode(), r.asString());
        String location = r.header("Location");
        assertTrue(location.matches("http://[^/]+/sta/v1\\.1/[A-Za-z]+\\(\\d+\\)"), location);
        long id = Long.parseLong(location.substring(location.lastIndexOf('(') + 1, location.length() - 1));
        assertEquals(id, r.jsonPath().getLong("'@iot.id'"));
        assertEquals(location, r.jsonPath().getString("'@iot.selfLink'"));
        return id;
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static final String ZWOLLE = "{\"type\": \"Point\", \"coordinates\": [6.0941, 52.5125]}";

    static String datastream(String name, String thing, String sensor, String property) {
        return "{\"name\": \"" + name + "\", \"description\": \"d\", \"observationType\":"
                + " \"http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement\","
                + " \"unitOfMeasurement\": {\"name\": \"degree Celsius\", \"symbol\": \"°C\", \"definition\": \"ucum:Cel\"},"
                + " \"Thing\": " + thing + ", \"Sensor\": " + sensor + ", \"ObservedProperty\": " + property + "}";
    }

    static String sensor(String name) {
        return "{\"name\": \"" + name + "\", \"description\": \"s\", \"encodingType\": \"application/pdf\", \"metadata\": \"m.pdf\"}";
    }

    static String property(String name) {
        return "{\"name\": \"" + name + "\", \"definition\": \"https://example.org/" + name + "\", \"description\": \"p\"}";
    }

    @Test
    void theServiceRootDeclaresTheClass() {
        given().get("/sta/v1.1").then().statusCode(200).body("serverSettings.conformance",
                hasItem("http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete"));
    }

    @Test
    void writesNeedAKeyWithRoleIngest() {
        String body = "{\"name\": \"n\", \"description\": \"d\"}";
        given().contentType("application/json").body(body).post(V + "Things").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
        String planner = TestDatabase.newApiKey("planner");
        as(planner).body(body).post(V + "Things").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        long thing = created(TestDatabase.newApiKey("ingest"), "Things", body);
        given().contentType("application/json").body("{\"name\": \"x\"}").patch(V + "Things(" + thing + ")").then()
                .statusCode(401);
        as(planner).delete(V + "Things(" + thing + ")").then().statusCode(403);
        given().get(V + "Things(" + thing + ")").then().statusCode(200).body("name", equalTo("n"));
    }

    @Test
    void aThingWithItsLocationAndDatastreamsInOneDeepInsert() {
        String key = TestDatabase.newApiKey("ingest");
        String tag = unique();
        long thing = created(key, "Things", "{\"name\": \"Thing " + tag + "\", \"description\": \"deep\","
                + " \"properties\": {\"floor\": 3},"
                + " \"Locations\": [{\"name\": \"Roof " + tag + "\", \"description\": \"roof\","
                + "   \"encodingType\": \"application/geo+json\", \"location\": " + ZWOLLE + "}],"
                + " \"Datastreams\": [" + datastream("Temp " + tag, "null", sensor("S " + tag), property("P" + tag))
                        .replace("\"Thing\": null, ", "").replace("}}", "},"
                                + " \"Observations\": [{\"phenomenonTime\": \"2026-03-01T10:00:00Z\", \"result\": 21.5},"
                                + " {\"phenomenonTime\": \"2026-03-01T11:00:00Z/2026-03-01T11:10:00Z\", \"result\": 22,"
                                + "  \"resultTime\": \"2026-03-01T11:10:05Z\", \"parameters\": {\"run\": 1}}]}")
                + "]}");
        JsonPath t = given().get(V + "Things(" + thing + ")?$expand=Locations,Datastreams($expand=Sensor,ObservedProperty,"
                + "Observations($orderby=phenomenonTime)),HistoricalLocations").then().statusCode(200).extract().jsonPath();
        assertEquals(3, t.getInt("properties.floor"));
        assertEquals("Roof " + tag, t.getString("Locations[0].name"));
        // the location reads back exactly as sent (CRS84, kept as sent)
        assertEquals(List.of(6.0941f, 52.5125f), t.getList("Locations[0].location.coordinates"));
        assertEquals("Temp " + tag, t.getString("Datastreams[0].name"));
        assertEquals("°C", t.getString("Datastreams[0].unitOfMeasurement.symbol"));
        assertEquals("S " + tag, t.getString("Datastreams[0].Sensor.name"));
        assertEquals("P" + tag, t.getString("Datastreams[0].ObservedProperty.name"));
        assertEquals(List.of("2026-03-01T10:00:00.000Z", "2026-03-01T11:00:00.000Z/2026-03-01T11:10:00.000Z"),
                t.getList("Datastreams[0].Observations.phenomenonTime"));
        assertEquals("2026-03-01T11:10:05.000Z", t.getString("Datastreams[0].Observations[1].resultTime"));
        assertEquals(1, t.getInt("Datastreams[0].Observations[1].parameters.run"));
        assertEquals(1, t.getList("HistoricalLocations").size());
        // two paths through one navigation property expand into the one Datastreams array (as the OGC suite asks)
        given().get(V + "Things(" + thing + ")?$expand=Datastreams/Sensor,Datastreams/ObservedProperty,Datastreams/Thing")
                .then().statusCode(200).body("Datastreams[0].Sensor.name", equalTo("S " + tag))
                .body("Datastreams[0].ObservedProperty.name", equalTo("P" + tag))
                .body("Datastreams[0].Thing.'@iot.id'", equalTo((int) thing));
        long observation = t.getLong("Datastreams[0].Observations[0].'@iot.id'");
        // the feature of interest is the thing's location
        long foi = given().get(V + "Observations(" + observation + ")/FeatureOfInterest").then().statusCode(200)
                .body("name", equalTo("Roof " + tag)).body("feature.coordinates", equalTo(List.of(6.0941f, 52.5125f)))
                .extract().jsonPath().getLong("'@iot.id'");
        // and the feature's observations are these two, found through the thing's location
        given().get(V + "FeaturesOfInterest(" + foi + ")/Observations?$orderby=phenomenonTime&$count=true").then()
                .statusCode(200).body("'@iot.count'", equalTo(2))
                .body("value[0].'@iot.id'", equalTo((int) observation));
        // the model's other views follow: the thing's position (RD New) and the hourly rollup of the trigger
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling.thing WHERE id = ? AND geom IS NOT NULL"
                + " AND ST_DWithin(geom, ST_Transform(ST_SetSRID(ST_MakePoint(6.0941, 52.5125), 4326), 28992), 0.01)", thing));
        long ds = t.getLong("Datastreams[0].'@iot.id'");
        assertEquals(21.5, ((Number) TestDatabase.scalar("SELECT sum FROM tweeling.observation_hourly WHERE datastream_id = ?"
                + " AND hour = '2026-03-01T10:00:00Z'", ds)).doubleValue());
        assertEquals(22.0, ((Number) TestDatabase.scalar("SELECT latest_result FROM tweeling.datastream WHERE id = ?", ds))
                .doubleValue());
    }

    @Test
    void postingOnNavigationPathsAndLinkingById() {
        String key = TestDatabase.newApiKey("ingest");
        String tag = unique();
        long thing = created(key, "Things", "{\"name\": \"T " + tag + "\", \"description\": \"d\"}");
        long location = created(key, "Things(" + thing + ")/Locations", "{\"name\": \"L " + tag + "\","
                + " \"description\": \"d\", \"encodingType\": \"application/vnd.geo+json\", \"location\": " + ZWOLLE + "}");
        given().get(V + "Things(" + thing + ")/Locations").then().body("value.'@iot.id'", equalTo(List.of((int) location)));
        long sensor = created(key, "Sensors", sensor("S " + tag));
        long property = created(key, "ObservedProperties", property("P" + tag));
        long ds = created(key, "Things(" + thing + ")/Datastreams", datastream("D " + tag, "{\"@iot.id\": " + thing + "}",
                "{\"@iot.id\": " + sensor + "}", "{\"@iot.id\": " + property + "}").replace("\"Thing\": {\"@iot.id\": "
                        + thing + "}, ", ""));
        given().get(V + "Datastreams(" + ds + ")/Thing").then().body("'@iot.id'", equalTo((int) thing));
        given().get(V + "Sensors(" + sensor + ")/Datastreams").then().body("value.'@iot.id'", equalTo(List.of((int) ds)));
        long o1 = created(key, "Datastreams(" + ds + ")/Observations",
                "{\"phenomenonTime\": \"2026-03-02T00:00:00Z\", \"result\": 1}");
        long foi = created(key, "FeaturesOfInterest", "{\"name\": \"F " + tag + "\", \"description\": \"d\","
                + " \"encodingType\": \"application/geo+json\", \"feature\": {\"type\": \"Point\", \"coordinates\": [6.1, 52.5]}}");
        long o2 = created(key, "Observations", "{\"phenomenonTime\": \"2026-03-02T01:00:00Z\", \"result\": {\"state\": \"on\"},"
                + " \"Datastream\": {\"@iot.id\": " + ds + "}, \"FeatureOfInterest\": {\"@iot.id\": " + foi + "}}");
        given().get(V + "Observations(" + o2 + ")").then().body("result.state", equalTo("on"));
        given().get(V + "Observations(" + o2 + ")/FeatureOfInterest").then().body("'@iot.id'", equalTo((int) foi));
        given().get(V + "FeaturesOfInterest(" + foi + ")/Observations").then()
                .body("value.'@iot.id'", equalTo(List.of((int) o2)));
        assertNotEquals(o1, o2);

        // a parent that does not exist is a 404, a link to nothing a 400 naming the member
        as(key).body("{\"phenomenonTime\": \"2026-03-02T00:00:00Z\", \"result\": 1}")
                .post(V + "Datastreams(999999999999)/Observations").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        as(key).body(datastream("x", "{\"@iot.id\": 999999999999}", "{\"@iot.id\": " + sensor + "}",
                "{\"@iot.id\": " + property + "}")).post(V + "Datastreams").then().statusCode(400)
                .body("detail", containsString("Thing")).body("errors[0].field", equalTo("Thing"));
        // a body naming another parent than the path
        as(key).body("{\"phenomenonTime\": \"2026-03-02T05:00:00Z\", \"result\": 1, \"Datastream\": {\"@iot.id\": 1}}")
                .post(V + "Datastreams(" + ds + ")/Observations").then().statusCode(400)
                .body("errors[0].field", equalTo("Datastream"));
        // POST on one entity is not a create
        as(key).body("{}").post(V + "Things(" + thing + ")").then().statusCode(405)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void anIdenticalObservationIsStoredOnceAndADifferentResultIsACorrection() throws Exception {
        String key = TestDatabase.newApiKey("ingest");
        String dsKey = TestDatabase.newDatastream("NO2");
        long ds = TestDatabase.datastreamId(dsKey);
        String body = "{\"phenomenonTime\": \"2026-03-03T08:00:00Z\", \"result\": 12.5}";
        try (SseClient stream = SseClient.open(RestAssured.port, "/observations/stream?datastream=" + dsKey)) {
            assertEquals(200, stream.status(), stream.body());
            long first = created(key, "Datastreams(" + ds + ")/Observations", body);
            // committed observations reach the live stream, as those of every other transport do
            SseClient.Event e = stream.next(Duration.ofSeconds(30));
            JsonNode event = JSON.readTree(e.data());
            assertEquals(first, event.get("id").asLong());
            assertEquals(12.5, event.get("result").asDouble());
            long again = created(key, "Datastreams(" + ds + ")/Observations", body);
            assertEquals(first, again, "the same observation twice is one entity");
            assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", ds));
            long corrected = created(key, "Observations", "{\"phenomenonTime\": \"2026-03-03T08:00:00Z\", \"result\": 13,"
                    + " \"Datastream\": {\"@iot.id\": " + ds + "}}");
            assertEquals(first, corrected);
            assertEquals(1, TestDatabase.count("SELECT corrections FROM tweeling.observation WHERE id = ?", first));
            JsonNode correction = JSON.readTree(stream.next(Duration.ofSeconds(30)).data());
            assertEquals(13.0, correction.get("result").asDouble());
            assertEquals(1, correction.get("corrections").asInt());
        }
        // the ingest checks apply: NO2 is plausible in [0, 1000]
        as(key).body("{\"phenomenonTime\": \"2026-03-03T09:00:00Z\", \"result\": -5}")
                .post(V + "Datastreams(" + ds + ")/Observations").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("result")).body("detail", containsString("plausible range"));
        as(key).body("{\"phenomenonTime\": \"2226-03-03T09:00:00Z\", \"result\": 5}")
                .post(V + "Datastreams(" + ds + ")/Observations").then().statusCode(400)
                .body("errors[0].field", equalTo("phenomenonTime"));
    }

    @Test
    void invalidBodiesAre400ProblemsNamingTheMember() {
        String key = TestDatabase.newApiKey("ingest");
        as(key).body("{\"description\": \"no name\"}").post(V + "Things").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("name")).body("detail", containsString("required"));
        as(key).body("{\"name\": \"n\",\n \"description\": \"d\"\n \"x\": 1}").post(V + "Things").then().statusCode(400)
                .body("detail", containsString("line 3"));
        as(key).body("{\"name\": \"n\", \"colour\": \"red\"}").post(V + "Things").then().statusCode(400)
                .body("errors[0].field", equalTo("colour"));
        as(key).body("{\"name\": 5}").post(V + "Things").then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(key).body("[]").post(V + "Things").then().statusCode(400);
        as(key).body("{\"name\": \"n\", \"@iot.id\": 5}").post(V + "Things").then().statusCode(400);
        // geometry: position order and ranges, closed rings, the encoding
        String loc = "{\"name\": \"l\", \"description\": \"d\", \"encodingType\": \"application/geo+json\", \"location\": ";
        as(key).body(loc + "{\"type\": \"Point\", \"coordinates\": [200, 52]}}").post(V + "Locations").then()
                .statusCode(400).body("errors[0].field", equalTo("location.coordinates"))
                .body("detail", containsString("longitude"));
        as(key).body(loc + "{\"type\": \"Polygon\", \"coordinates\": [[[6,52],[6.1,52],[6.1,52.1],[6,52.2]]]}}")
                .post(V + "Locations").then().statusCode(400).body("detail", containsString("end where it starts"));
        as(key).body(loc + "{\"type\": \"Circle\", \"coordinates\": [6, 52]}}").post(V + "Locations").then()
                .statusCode(400).body("errors[0].field", equalTo("location.type"));
        as(key).body(loc.replace("application/geo+json", "text/plain") + ZWOLLE + "}").post(V + "Locations").then()
                .statusCode(400).body("errors[0].field", equalTo("encodingType"));
        // a Datastream needs its Thing, Sensor and ObservedProperty; nothing of a refused deep insert stays
        String tag = unique();
        long thing = created(key, "Things", "{\"name\": \"T " + tag + "\"}");
        as(key).body(datastream("D " + tag, "{\"@iot.id\": " + thing + "}", "null", property("P" + tag)))
                .post(V + "Datastreams").then().statusCode(400).body("errors[0].field", equalTo("Sensor"));
        as(key).body("{\"name\": \"T2 " + tag + "\", \"Datastreams\": [" + datastream("D " + tag, "null", sensor("S " + tag),
                property("P" + tag)).replace("\"Thing\": null, ", "").replace("\"observationType\"", "\"observationTyp\"")
                + "]}").post(V + "Things").then().statusCode(400)
                .body("errors[0].field", equalTo("Datastreams[0].observationTyp"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling.thing WHERE name = ?", "T2 " + tag));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling.observed_property WHERE name = ?", "P" + tag));
        // an Observation needs a FeatureOfInterest when its Thing has no Location
        long ds = created(key, "Datastreams", datastream("D " + tag, "{\"@iot.id\": " + thing + "}", sensor("S " + tag),
                property("P" + tag)));
        as(key).body("{\"phenomenonTime\": \"2026-03-02T00:00:00Z\", \"result\": 1}")
                .post(V + "Datastreams(" + ds + ")/Observations").then().statusCode(400)
                .body("errors[0].field", equalTo("FeatureOfInterest"));
        as(key).body("{\"phenomenonTime\": \"yesterday\", \"result\": 1}")
                .post(V + "Datastreams(" + ds + ")/Observations").then().statusCode(400)
                .body("errors[0].field", equalTo("phenomenonTime"));
        as(key).body("{\"phenomenonTime\": \"2026-03-02T00:00:00Z\"}").post(V + "Datastreams(" + ds + ")/Observations")
                .then().statusCode(400).body("errors[0].field", equalTo("result"));
        as(key).contentType("application/json-patch+json").body("[]").patch(V + "Things(" + thing + ")").then()
                .statusCode(415).contentType(startsWith("application/problem+json"));
    }

    @Test
    void patchChangesOnlyTheMembersGiven() {
        String key = TestDatabase.newApiKey("ingest");
        String tag = unique();
        long thing = created(key, "Things", "{\"name\": \"T " + tag + "\", \"description\": \"before\","
                + " \"properties\": {\"a\": 1},"
                + " \"Locations\": [{\"name\": \"L\", \"description\": \"d\", \"encodingType\": \"application/geo+json\","
                + " \"location\": " + ZWOLLE + "}],"
                + " \"Datastreams\": [" + datastream("D " + tag, "null", sensor("S " + tag), property("P" + tag))
                        .replace("\"Thing\": null, ", "") + "]}");
        as(key).body("{\"description\": \"after\"}").patch(V + "Things(" + thing + ")").then().statusCode(200)
                .body("description", equalTo("after")).body("name", equalTo("T " + tag)).body("properties.a", equalTo(1));
        long ds = given().get(V + "Things(" + thing + ")/Datastreams").then().extract().jsonPath().getLong("value[0].'@iot.id'");
        as(key).body("{\"unitOfMeasurement\": {\"name\": \"kelvin\", \"symbol\": \"K\", \"definition\": null}}")
                .patch(V + "Datastreams(" + ds + ")").then().statusCode(200)
                .body("unitOfMeasurement.symbol", equalTo("K")).body("name", equalTo("D " + tag));
        // related entities inline are no PATCH; links are
        as(key).body("{\"Sensor\": " + sensor("other") + "}").patch(V + "Datastreams(" + ds + ")").then().statusCode(400);
        as(key).body("{\"Locations\": [{\"name\": \"x\"}]}").patch(V + "Things(" + thing + ")").then().statusCode(400);
        long sensor = created(key, "Sensors", sensor("S2 " + tag));
        as(key).body("{\"Sensor\": {\"@iot.id\": " + sensor + "}}").patch(V + "Datastreams(" + ds + ")").then().statusCode(200);
        given().get(V + "Datastreams(" + ds + ")/Sensor").then().body("'@iot.id'", equalTo((int) sensor));
        // an observation's phenomenonTime moves it; its result is a correction
        long obs = created(key, "Datastreams(" + ds + ")/Observations", "{\"phenomenonTime\": \"2026-03-04T00:00:00Z\", \"result\": 3}");
        JsonPath moved = as(key).body("{\"phenomenonTime\": \"2025-07-01T00:40:00Z\"}").patch(V + "Observations(" + obs + ")")
                .then().statusCode(200).body("phenomenonTime", equalTo("2025-07-01T00:40:00.000Z")).extract().jsonPath();
        assertEquals(3.0, moved.getDouble("result"));
        JsonPath fixed = as(key).body("{\"result\": 4, \"resultQuality\": \"checked\"}").patch(V + "Observations(" + obs + ")")
                .then().statusCode(200).body("resultQuality", equalTo("checked")).extract().jsonPath();
        assertEquals(4.0, fixed.getDouble("result"));
        assertEquals(1, TestDatabase.count("SELECT corrections FROM tweeling.observation WHERE id = ?", obs));
        assertEquals(4.0, ((Number) TestDatabase.scalar("SELECT sum FROM tweeling.observation_hourly WHERE datastream_id = ?"
                + " AND hour = '2025-07-01T00:00:00Z'", ds)).doubleValue());
        long other = created(key, "Datastreams(" + ds + ")/Observations", "{\"phenomenonTime\": \"2026-03-05T00:00:00Z\", \"result\": 5}");
        as(key).body("{\"phenomenonTime\": \"2025-07-01T00:40:00Z\"}").patch(V + "Observations(" + other + ")").then()
                .statusCode(409).contentType(startsWith("application/problem+json"));
        // the count the write path keeps follows moves (and the refused one)
        given().get(V + "Datastreams(" + ds + ")/Observations?$count=true").then().body("'@iot.count'", equalTo(2));
        as(key).body("{\"name\": null}").patch(V + "Things(" + thing + ")").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        as(key).body("{\"name\": \"x\"}").patch(V + "Things(999999999999)").then().statusCode(404);
    }

    @Test
    void deleteTakesAlongWhatTheStandardSays() {
        String key = TestDatabase.newApiKey("ingest");
        String tag = unique();
        long thing = created(key, "Things", "{\"name\": \"T " + tag + "\","
                + " \"Locations\": [{\"name\": \"L " + tag + "\", \"description\": \"d\", \"encodingType\": \"application/geo+json\","
                + " \"location\": " + ZWOLLE + "}],"
                + " \"Datastreams\": [" + datastream("D " + tag, "null", sensor("S " + tag), property("P" + tag))
                        .replace("\"Thing\": null, ", "").replace("}}", "}, \"Observations\": [{\"phenomenonTime\":"
                                + " \"2026-03-01T00:00:00Z\", \"result\": 1}, {\"phenomenonTime\": \"2026-03-01T01:00:00Z\", \"result\": 2}]}")
                + "]}");
        JsonPath t = given().get(V + "Things(" + thing + ")?$expand=Locations,HistoricalLocations,Datastreams($expand=Sensor,"
                + "ObservedProperty,Observations)").then().extract().jsonPath();
        long location = t.getLong("Locations[0].'@iot.id'");
        long history = t.getLong("HistoricalLocations[0].'@iot.id'");
        long ds = t.getLong("Datastreams[0].'@iot.id'");
        long sensor = t.getLong("Datastreams[0].Sensor.'@iot.id'");
        long property = t.getLong("Datastreams[0].ObservedProperty.'@iot.id'");
        long obs = t.getLong("Datastreams[0].Observations[0].'@iot.id'");
        long foi = given().get(V + "Observations(" + obs + ")/FeatureOfInterest").then().extract().jsonPath()
                .getLong("'@iot.id'");

        // an observation alone
        as(key).delete(V + "Observations(" + obs + ")").then().statusCode(200);
        given().get(V + "Observations(" + obs + ")").then().statusCode(404);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", ds));
        given().get(V + "Datastreams(" + ds + ")/Observations?$count=true").then().body("'@iot.count'", equalTo(1));
        // the location: its historical locations go, the observations keep their feature of interest
        long kept = t.getLong("Datastreams[0].Observations[1].'@iot.id'");
        as(key).delete(V + "Locations(" + location + ")").then().statusCode(200);
        given().get(V + "HistoricalLocations(" + history + ")").then().statusCode(404);
        given().get(V + "Observations(" + kept + ")/FeatureOfInterest").then().statusCode(200)
                .body("'@iot.id'", equalTo((int) foi));
        // the thing: its datastreams and their observations go; sensor, property and feature stay
        as(key).delete(V + "Things(" + thing + ")").then().statusCode(200);
        given().get(V + "Datastreams(" + ds + ")").then().statusCode(404);
        given().get(V + "Observations(" + kept + ")").then().statusCode(404);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling.observation_hourly WHERE datastream_id = ?", ds));
        given().get(V + "Sensors(" + sensor + ")").then().statusCode(200);
        given().get(V + "ObservedProperties(" + property + ")").then().statusCode(200);
        given().get(V + "FeaturesOfInterest(" + foi + ")").then().statusCode(200);
        // a sensor takes its datastreams along, an observed property too, a feature its observations
        long thing2 = created(key, "Things", "{\"name\": \"T2 " + tag + "\"}");
        long ds2 = created(key, "Datastreams", datastream("D2", "{\"@iot.id\": " + thing2 + "}", "{\"@iot.id\": " + sensor + "}",
                "{\"@iot.id\": " + property + "}"));
        long obs2 = created(key, "Datastreams(" + ds2 + ")/Observations", "{\"phenomenonTime\": \"2026-03-01T00:00:00Z\","
                + " \"result\": 1, \"FeatureOfInterest\": {\"@iot.id\": " + foi + "}}");
        as(key).delete(V + "FeaturesOfInterest(" + foi + ")").then().statusCode(200);
        given().get(V + "Observations(" + obs2 + ")").then().statusCode(404);
        as(key).delete(V + "Sensors(" + sensor + ")").then().statusCode(200);
        given().get(V + "Datastreams(" + ds2 + ")").then().statusCode(404);
        as(key).delete(V + "ObservedProperties(" + property + ")").then().statusCode(200);
        given().get(V + "ObservedProperties(" + property + ")").then().statusCode(404);
        for (String set : List.of("Things", "Locations", "HistoricalLocations", "Datastreams", "Sensors", "ObservedProperties",
                "Observations", "FeaturesOfInterest")) {
            as(key).delete(V + set + "(999999999999)").then().statusCode(404).contentType(startsWith("application/problem+json"));
        }
    }

    @Test
    void createObservationsAnswersALinkOrErrorPerRow() {
        String key = TestDatabase.newApiKey("ingest");
        long ds = TestDatabase.datastreamId(TestDatabase.newDatastream("water_level"));
        Response r = as(key).body("[{\"Datastream\": {\"@iot.id\": " + ds + "},"
                + " \"components\": [\"phenomenonTime\", \"result\", \"resultQuality\"],"
                + " \"dataArray@iot.count\": 3,"
                + " \"dataArray\": [[\"2026-03-06T00:00:00Z\", 120, \"ok\"], [\"2026-03-06T01:00:00Z\", 99999, null],"
                + "  [\"2026-03-06T02:00:00Z\", 121, null]]},"
                + " {\"Datastream\": {\"@iot.id\": 999999999999}, \"components\": [\"result\"], \"dataArray\": [[1]]}]")
                .post("/sta/v1.1/CreateObservations");
        assertEquals(201, r.statusCode(), r.asString());
        List<String> answer = r.jsonPath().getList("$");
        assertEquals(4, answer.size());
        assertTrue(answer.get(0).matches("http://.+/sta/v1\\.1/Observations\\(\\d+\\)"), answer.get(0));
        assertEquals("error", answer.get(1));
        assertTrue(answer.get(2).contains("/Observations("), answer.get(2));
        assertEquals("error", answer.get(3));
        assertEquals("2", r.header("Tweeling-Rows-Refused"));
        given().get(answer.get(0).replaceFirst("http://[^/]+", "")).then().statusCode(200).body("resultQuality", equalTo("ok"));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", ds));
        as(key).body("{\"not\": \"an array\"}").post("/sta/v1.1/CreateObservations").then().statusCode(400);
        as(key).body("[{\"Datastream\": {\"@iot.id\": " + ds + "}, \"components\": [\"colour\"], \"dataArray\": []}]")
                .post("/sta/v1.1/CreateObservations").then().statusCode(400).body("errors[0].field",
                        equalTo("[0].components[0]"));
    }

    @Test
    void aLocationOutsideTheServiceAreaIsStoredFlaggedAndSaysSo() {
        String key = TestDatabase.newApiKey("ingest");
        String canada = "{\"type\": \"Point\", \"coordinates\": [-114.06, 51.05]}";
        Response r = as(key).body("{\"name\": \"placeholder\", \"description\": \"d\", \"encodingType\": \"application/geo+json\","
                + " \"location\": " + canada + "}").post(V + "Locations");
        assertEquals(201, r.statusCode(), r.asString());
        long id = r.jsonPath().getLong("'@iot.id'");
        assertTrue(r.header("Tweeling-Service-Area").startsWith("outside; policy=flag; location=Locations(" + id + ")"),
                r.header("Tweeling-Service-Area"));
        assertEquals("outside", r.jsonPath().getString("properties.serviceArea"));
        assertEquals(List.of(-114.06f, 51.05f), r.jsonPath().getList("location.coordinates"));
        // corrected with PATCH: inside, the flag is gone
        Response p = as(key).body("{\"location\": " + ZWOLLE + "}").patch(V + "Locations(" + id + ")");
        assertEquals(200, p.statusCode(), p.asString());
        assertEquals(null, p.header("Tweeling-Service-Area"));
        assertEquals(null, p.jsonPath().getString("properties.serviceArea"));
        // a deep insert says it too
        Response t = as(key).body("{\"name\": \"far thing\", \"Locations\": [{\"name\": \"far\", \"description\": \"d\","
                + " \"encodingType\": \"application/geo+json\", \"location\": " + canada + "}]}").post(V + "Things");
        assertEquals(201, t.statusCode(), t.asString());
        assertTrue(t.headers().getValues("Tweeling-Service-Area").size() == 1);
        given().get(V + "Things(" + t.jsonPath().getLong("'@iot.id'") + ")/Locations").then()
                .body("value.properties.serviceArea", hasItem("outside"));
    }
}
