package nl.tweeling.sta;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/**
 * The Geonovum SensorThings payloads (../shared/data/real/sensorthings, read in place) posted in order through
 * the API, as a groundwater monitoring client would: the published Thing is invalid JSON and is refused with
 * where and why; the Location is a placeholder point in Canada, stored and flagged (policy flag, the default);
 * the Datastream with its Sensor and ObservedProperty; then the observations, once and then all again (stored
 * once).
 */
@QuarkusTest
class StaGeonovumTest {

    static final String V = "/sta/v1.0/";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theGeonovumPayloadsGoInThroughPost() throws Exception {
        Path dir = RealData.dir().resolve("sensorthings");
        String key = TestDatabase.newApiKey("ingest");
        String thing = Files.readString(dir.resolve("geonovum_gw_thing.json"));
        long before = TestDatabase.count("SELECT count(*) FROM tweeling.thing WHERE source = 'sta'");

        // the published Thing lacks the comma after "broId": refused, saying where and what
        given().header("X-API-Key", key).contentType("application/json").body(thing).post(V + "Things").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("line 8")).body("detail", containsString("comma"));
        assertEquals(before, TestDatabase.count("SELECT count(*) FROM tweeling.thing WHERE source = 'sta'"));

        // with the comma, it is a Thing
        String fixed = thing.replaceFirst("(\"broId\": \"[^\"]*\")(\\s*\")", "$1,$2");
        long thingId = post("Things", fixed).jsonPath().getLong("'@iot.id'");

        // the Location: a placeholder point in Canada, kept as sent and flagged
        Response location = post("Things(" + thingId + ")/Locations",
                Files.readString(dir.resolve("geonovum_gw_location.json")));
        assertTrue(location.header("Tweeling-Service-Area").startsWith("outside; policy=flag"),
                location.header("Tweeling-Service-Area"));
        JsonPath l = location.jsonPath();
        assertEquals("outside", l.getString("properties.serviceArea"));
        assertEquals(List.of(-114.06f, 51.05f), l.getList("location.coordinates"));
        assertEquals("application/vnd.geo+json", l.getString("encodingType"));

        // the Datastream, with its Sensor and ObservedProperty inline, for this Thing
        ObjectNode ds = (ObjectNode) JSON.readTree(dir.resolve("geonovum_gw_dataStream1.json").toFile());
        ds.putObject("Thing").put("@iot.id", thingId);
        long dsId = post("Datastreams", ds.toString()).jsonPath().getLong("'@iot.id'");
        JsonPath d = given().get(V + "Datastreams(" + dsId + ")?$expand=Sensor,ObservedProperty").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("°C", d.getString("unitOfMeasurement.symbol"));
        assertEquals("LT_EDGE_Jr - 67-2068100 2", d.getString("Sensor.name"));
        assertEquals("Temperatuur", d.getString("ObservedProperty.name"));

        // the observations: the first ones one by one, the rest as CreateObservations
        List<JsonNode> observations = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("geonovum_gw_observations1.json"))) {
            if (!line.isBlank()) {
                observations.add(JSON.readTree(line));
            }
        }
        assertTrue(observations.size() > 3000, "observations: " + observations.size());
        for (int i = 0; i < 20; i++) {
            post("Datastreams(" + dsId + ")/Observations", observations.get(i).toString());
        }
        createObservations(dsId, observations.subList(20, observations.size()));
        int n = observations.size();
        assertEquals(n, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", dsId));
        given().get(V + "Datastreams(" + dsId + ")/Observations?$count=true&$top=1&$orderby=phenomenonTime").then()
                .statusCode(200).body("'@iot.count'", org.hamcrest.Matchers.equalTo(n))
                .body("value[0].phenomenonTime", org.hamcrest.Matchers.equalTo("2018-08-06T12:00:00.000Z"))
                .body("value[0].result", org.hamcrest.Matchers.equalTo(10.906f));
        // the observations observed the Thing's Location: their feature of interest is the point in Canada
        long first = TestDatabase.count("SELECT id FROM tweeling.observation WHERE datastream_id = ?"
                + " AND phenomenon_time = '2018-08-06T12:00:00Z'", dsId);
        given().get(V + "Observations(" + first + ")/FeatureOfInterest").then().statusCode(200)
                .body("feature.coordinates", org.hamcrest.Matchers.equalTo(List.of(-114.06f, 51.05f)));
        // all of them again: stored once, nothing corrected; the hourly rollups hold each value once
        createObservations(dsId, observations);
        assertEquals(n, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", dsId));
        assertEquals(0, TestDatabase.count("SELECT sum(corrections) FROM tweeling.observation WHERE datastream_id = ?", dsId));
        assertEquals(n, TestDatabase.count("SELECT sum(n) FROM tweeling.observation_hourly WHERE datastream_id = ?", dsId));
    }

    private static Response post(String path, String body) {
        Response r = given().header("X-API-Key", TestDatabase.newApiKey("ingest")).contentType("application/json")
                .body(body).post(V + path);
        assertEquals(201, r.statusCode(), r.asString());
        return r;
    }

    private static void createObservations(long ds, List<JsonNode> observations) {
        for (int from = 0; from < observations.size(); from += 1000) {
            ArrayNode body = JSON.createArrayNode();
            ObjectNode group = body.addObject();
            group.putObject("Datastream").put("@iot.id", ds);
            group.putArray("components").add("phenomenonTime").add("resultTime").add("result");
            ArrayNode rows = group.putArray("dataArray");
            List<JsonNode> chunk = observations.subList(from, Math.min(observations.size(), from + 1000));
            for (JsonNode o : chunk) {
                rows.addArray().add(o.get("phenomenonTime")).add(o.get("resultTime")).add(o.get("result"));
            }
            Response r = given().header("X-API-Key", TestDatabase.newApiKey("ingest")).contentType("application/json")
                    .body(body.toString()).post("/sta/v1.0/CreateObservations");
            assertEquals(201, r.statusCode(), r.asString());
            List<String> links = r.jsonPath().getList("$");
            assertEquals(chunk.size(), links.size());
            assertTrue(links.stream().allMatch(s -> s.contains("/sta/v1.0/Observations(")), links.toString());
        }
    }
}
