package nl.tweeling.sta;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * SensorThings conformance class "read" (request-data, resource paths): service roots, entity sets, entities by
 * id, properties and $value, navigation, $ref, links, and the query options other than $filter.
 */
@QuarkusTest
class StaReadTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void serviceRootsListTheEightEntitySetsWithAbsoluteUrls() {
        JsonPath v11 = given().get("/sta/v1.1").then().statusCode(200).extract().jsonPath();
        List<String> names = v11.getList("value.name");
        assertEquals(List.of("Things", "Locations", "HistoricalLocations", "Datastreams", "Sensors", "ObservedProperties",
                "Observations", "FeaturesOfInterest"), names);
        assertTrue(v11.getString("value[0].url").matches("http://[^/]+/sta/v1\\.1/Things"), v11.getString("value[0].url"));
        assertTrue(v11.getList("serverSettings.conformance", String.class)
                .contains("http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array"));
        JsonPath v10 = given().get("/sta/v1.0").then().statusCode(200).extract().jsonPath();
        assertTrue(v10.getString("value[3].url").endsWith("/sta/v1.0/Datastreams"));
        org.junit.jupiter.api.Assertions.assertNull(v10.get("serverSettings"));
        given().get("/sta/v1.2").then().statusCode(404);
    }

    @Test
    void anEntityByIdWithItsPropertiesAndLinks() {
        StaFixture f = new StaFixture("NO2", 203100, 503100, T0, 3);
        JsonPath thing = given().get("/sta/v1.1/Things(" + f.thing + ")").then().statusCode(200).extract().jsonPath();
        assertEquals(f.thing, thing.getLong("'@iot.id'"));
        assertTrue(thing.getString("'@iot.selfLink'").endsWith("/sta/v1.1/Things(" + f.thing + ")"));
        assertEquals("Thing " + f.tag, thing.getString("name"));
        assertEquals(f.tag, thing.getString("properties.tag"));
        assertTrue(thing.getString("'Datastreams@iot.navigationLink'").endsWith("/Things(" + f.thing + ")/Datastreams"));
        assertTrue(thing.getString("'Locations@iot.navigationLink'").startsWith("http"));

        JsonPath ds = given().get("/sta/v1.1/Datastreams(" + f.datastream + ")").then().statusCode(200).extract().jsonPath();
        assertEquals("µg/m3", ds.getString("unitOfMeasurement.symbol"));
        assertEquals("http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement", ds.getString("observationType"));
        assertEquals("2026-03-01T00:00:00.000Z/2026-03-01T02:00:00.000Z", ds.getString("phenomenonTime"));
        assertEquals("Point", ds.getString("observedArea.type"));

        JsonPath loc = given().get("/sta/v1.1/Locations(" + f.location + ")").then().statusCode(200).extract().jsonPath();
        assertEquals("Point", loc.getString("location.type"));
        double lon = loc.getDouble("location.coordinates[0]");
        double lat = loc.getDouble("location.coordinates[1]");
        assertTrue(lon > 6.0 && lon < 6.2 && lat > 52.4 && lat < 52.6, "CRS84 lon/lat: " + lon + " " + lat);

        JsonPath op = given().get("/sta/v1.1/ObservedProperties(" + f.observedProperty + ")").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("Nitrogen dioxide concentration", op.getString("name"));

        JsonPath obs = given().get("/sta/v1.1/Observations(" + f.observation(1) + ")").then().statusCode(200).extract().jsonPath();
        assertEquals("2026-03-01T01:00:00.000Z", obs.getString("phenomenonTime"));
        assertEquals(1.0, obs.getDouble("result"));
        assertTrue(obs.getMap("").containsKey("resultTime"));

        given().get("/sta/v1.1/Things(999999999999)").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().get("/sta/v1.1/Things(abc)").then().statusCode(404);
        given().get("/sta/v1.1/Unicorns").then().statusCode(404);
    }

    @Test
    void propertiesAndTheirRawValues() {
        StaFixture f = new StaFixture("PM10", 203200, 503200, T0, 1);
        given().get("/sta/v1.0/Things(" + f.thing + ")/name").then().statusCode(200)
                .body("name", equalTo("Thing " + f.tag)).body("size()", equalTo(1));
        String raw = given().get("/sta/v1.0/Things(" + f.thing + ")/name/$value").then().statusCode(200)
                .contentType(startsWith("text/plain")).extract().asString();
        assertEquals("Thing " + f.tag, raw);
        String location = given().get("/sta/v1.0/Locations(" + f.location + ")/location/$value").then().statusCode(200)
                .extract().asString();
        assertTrue(location.startsWith("{"), location);
        given().get("/sta/v1.0/Observations(" + f.observation(0) + ")/resultTime").then().statusCode(200)
                .body("$", hasKey("resultTime")).body("resultTime", nullValue());
        given().get("/sta/v1.0/Things(" + f.thing + ")/nonsense").then().statusCode(404);
    }

    @Test
    void navigationAcrossEveryRelation() {
        StaFixture f = new StaFixture("NO2", 203300, 503300, T0, 2);
        String base = "/sta/v1.1/";
        given().get(base + "Things(" + f.thing + ")/Datastreams").then().statusCode(200)
                .body("value.'@iot.id'", equalTo(List.of((int) f.datastream)));
        given().get(base + "Datastreams(" + f.datastream + ")/Thing").then().statusCode(200)
                .body("'@iot.id'", equalTo((int) f.thing));
        given().get(base + "Datastreams(" + f.datastream + ")/Sensor").then().statusCode(200)
                .body("'@iot.id'", equalTo((int) f.sensor));
        given().get(base + "Datastreams(" + f.datastream + ")/ObservedProperty").then().statusCode(200)
                .body("'@iot.id'", equalTo((int) f.observedProperty));
        given().get(base + "Sensors(" + f.sensor + ")/Datastreams").then().statusCode(200)
                .body("value.'@iot.id'", equalTo(List.of((int) f.datastream)));
        given().get(base + "Things(" + f.thing + ")/Locations").then().statusCode(200)
                .body("value.'@iot.id'", equalTo(List.of((int) f.location)));
        given().get(base + "Locations(" + f.location + ")/Things").then().statusCode(200)
                .body("value.'@iot.id'", equalTo(List.of((int) f.thing)));
        long hl = given().get(base + "Things(" + f.thing + ")/HistoricalLocations").then().statusCode(200)
                .extract().jsonPath().getLong("value[0].'@iot.id'");
        given().get(base + "HistoricalLocations(" + hl + ")/Locations").then().statusCode(200)
                .body("value.'@iot.id'", equalTo(List.of((int) f.location)));
        given().get(base + "Locations(" + f.location + ")/HistoricalLocations").then().statusCode(200)
                .body("value.'@iot.id'", equalTo(List.of((int) hl)));
        given().get(base + "Datastreams(" + f.datastream + ")/Observations").then().statusCode(200)
                .body("value.result", equalTo(List.of(0, 1)));
        given().get(base + "Observations(" + f.observation(1) + ")/Datastream/Thing").then().statusCode(200)
                .body("'@iot.id'", equalTo((int) f.thing));
        // an observation without its own feature of interest observed its thing's location then
        given().get(base + "Observations(" + f.observation(1) + ")/FeatureOfInterest").then().statusCode(200)
                .body("'@iot.id'", equalTo((int) f.featureOfInterest())).body("feature.type", equalTo("Point"));
        given().get(base + "FeaturesOfInterest(" + f.featureOfInterest() + ")/Observations").then().statusCode(200)
                .body("value.'@iot.id'", equalTo(List.of((int) f.observation(0), (int) f.observation(1))));
        given().get(base + "Things(" + f.thing + ")/Datastreams(" + f.datastream + ")/Observations?$top=1").then()
                .statusCode(200).body("value.size()", equalTo(1));
        // an entity that is not related on this path
        given().get(base + "Things(" + f.thing + ")/Datastreams(" + (f.datastream + 100000) + ")").then().statusCode(404);
    }

    @Test
    void referencesAreSelfLinksOnly() {
        StaFixture f = new StaFixture("NO2", 203400, 503400, T0, 2);
        JsonPath refs = given().get("/sta/v1.1/Datastreams(" + f.datastream + ")/Observations/$ref").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(2, refs.getList("value").size());
        assertEquals(1, refs.getMap("value[0]").size());
        assertTrue(refs.getString("value[0].'@iot.selfLink'").endsWith("/Observations(" + f.observation(0) + ")"));
        given().get("/sta/v1.1/Datastreams(" + f.datastream + ")/Thing/$ref").then().statusCode(200)
                .body("size()", equalTo(1)).body("'@iot.selfLink'", containsString("/Things(" + f.thing + ")"));
    }

    @Test
    void topSkipCountOrderbyAndSelect() {
        StaFixture f = new StaFixture("NO2", 203500, 503500, T0, 10);
        String obs = "/sta/v1.1/Datastreams(" + f.datastream + ")/Observations";
        JsonPath page = given().queryParam("$top", 3).queryParam("$skip", 2).queryParam("$count", "true")
                .get(obs).then().statusCode(200).extract().jsonPath();
        assertEquals(10, page.getInt("'@iot.count'"));
        assertEquals(List.of(2.0f, 3.0f, 4.0f), page.getList("value.result", Float.class));
        assertTrue(page.getString("'@iot.nextLink'").startsWith("http"), page.getString("'@iot.nextLink'"));

        given().queryParam("$orderby", "result desc").queryParam("$top", 2).get(obs).then().statusCode(200)
                .body("value.result", equalTo(List.of(9, 8)));
        given().queryParam("$orderby", "phenomenonTime desc, id asc").queryParam("$top", 1).get(obs).then().statusCode(200)
                .body("value.result", equalTo(List.of(9)));

        JsonPath selected = given().queryParam("$select", "result,id").queryParam("$top", 1).get(obs).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("@iot.id", "@iot.selfLink", "result"), new ArrayList<>(selected.getMap("value[0]").keySet()));
        given().queryParam("$select", "name").get("/sta/v1.1/Things(" + f.thing + ")").then().statusCode(200)
                .body("size()", equalTo(1)).body("name", equalTo("Thing " + f.tag));
        given().queryParam("$select", "Datastreams").get("/sta/v1.1/Things(" + f.thing + ")").then().statusCode(200)
                .body("$", hasKey("Datastreams@iot.navigationLink")).body("$", not(hasKey("name")));

        given().queryParam("$top", "x").get(obs).then().statusCode(400).contentType(startsWith("application/problem+json"));
        given().queryParam("$select", "nope").get(obs).then().statusCode(400);
        given().queryParam("$orderby", "result sideways").get(obs).then().statusCode(400)
                .body("detail", containsString("character"));
        given().queryParam("$frobnicate", "1").get(obs).then().statusCode(400);
        given().queryParam("$count", "maybe").get(obs).then().statusCode(400);
    }

    @Test
    void nextLinksWalkEveryRowOnceWithSkipTokens() {
        StaFixture f = new StaFixture("NO2", 203600, 503600, T0, 25);
        String url = "/sta/v1.1/Datastreams(" + f.datastream + ")/Observations?$top=7&$orderby=result%20desc";
        List<Float> seen = new ArrayList<>();
        int pages = 0;
        while (url != null) {
            JsonPath page = given().urlEncodingEnabled(false).get(url).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("value.result", Float.class));
            url = page.getString("'@iot.nextLink'");
            if (url != null) {
                assertTrue(url.contains("$skiptoken="), url);
                assertTrue(!url.contains("$skip="), url);
            }
            pages++;
        }
        assertEquals(4, pages);
        List<Float> expected = new ArrayList<>();
        for (int i = 24; i >= 0; i--) {
            expected.add((float) i);
        }
        assertEquals(expected, seen);
        given().urlEncodingEnabled(false).get("/sta/v1.1/Observations?$skiptoken=garbage").then().statusCode(400);
    }

    @Test
    void aTopAboveTheMaximumIsCappedAndSaysSo() {
        given().queryParam("$top", 5000).get("/sta/v1.1/Things").then().statusCode(200)
                .header(StaResource.CAPPED, "1000");
        given().queryParam("$top", 5).get("/sta/v1.1/Things").then().statusCode(200)
                .header(StaResource.CAPPED, nullValue()).body("value.size()", equalTo(5));
    }

    @Test
    void expandNestsWithItsOwnOptions() {
        StaFixture f = new StaFixture("NO2", 203700, 503700, T0, 5);
        JsonPath thing = given().queryParam("$expand",
                        "Datastreams($select=name,id;$expand=Observations($filter=result ge 2;$orderby=result desc;$top=2;$count=true),ObservedProperty),Locations")
                .get("/sta/v1.1/Things(" + f.thing + ")").then().statusCode(200).extract().jsonPath();
        assertEquals("Datastream " + f.tag, thing.getString("Datastreams[0].name"));
        org.junit.jupiter.api.Assertions.assertNull(thing.get("Datastreams[0].description"));
        assertEquals(List.of(4.0f, 3.0f), thing.getList("Datastreams[0].Observations.result", Float.class));
        assertEquals(3, thing.getInt("Datastreams[0].'Observations@iot.count'"));
        assertTrue(thing.getString("Datastreams[0].'Observations@iot.nextLink'")
                .contains("/Datastreams(" + f.datastream + ")/Observations?"));
        assertEquals("Nitrogen dioxide concentration", thing.getString("Datastreams[0].ObservedProperty.name"));
        assertEquals(f.location, thing.getLong("Locations[0].'@iot.id'"));
        // as clients send it: the nested options' ";" unescaped in the query string (QGIS, browsers, curl)
        JsonPath raw = given().urlEncodingEnabled(false).get("/sta/v1.1/Things(" + f.thing + ")?$select=name"
                + "&$expand=Datastreams($select=name;$expand=Observations($orderby=result%20desc;$top=2;$count=true))")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(4.0f, 3.0f), raw.getList("Datastreams[0].Observations.result", Float.class));
        assertEquals(5, raw.getInt("Datastreams[0].'Observations@iot.count'"));
        // the path form: Datastreams/Observations
        given().queryParam("$expand", "Datastreams/Observations($top=1)").get("/sta/v1.1/Things(" + f.thing + ")")
                .then().statusCode(200).body("Datastreams[0].Observations.size()", equalTo(1));
        // on a collection, with a filter on the parent
        given().queryParam("$filter", "id eq " + f.observation(0)).queryParam("$expand", "Datastream($select=id),FeatureOfInterest")
                .get("/sta/v1.1/Observations").then().statusCode(200)
                .body("value[0].Datastream.'@iot.id'", equalTo((int) f.datastream))
                .body("value[0].FeatureOfInterest.'@iot.id'", equalTo((int) f.featureOfInterest()));
        given().queryParam("$expand", "Nope").get("/sta/v1.1/Things").then().statusCode(400);
        given().queryParam("$expand", "Datastreams($filter=name eq)").get("/sta/v1.1/Things").then().statusCode(400);
        given().queryParam("$expand", "Datastreams($top=1").get("/sta/v1.1/Things").then().statusCode(400);
    }

    @Test
    void sampleEntitySetsAreServed() {
        for (String set : List.of("Things", "Locations", "HistoricalLocations", "Datastreams", "Sensors",
                "ObservedProperties", "Observations", "FeaturesOfInterest")) {
            given().queryParam("$top", 2).get("/sta/v1.0/" + set).then().statusCode(200)
                    .body("value.size()", equalTo(2))
                    .body("value[0]", hasKey("@iot.id"));
        }
        given().get("/sta/v1.0/ObservedProperties").then().statusCode(200)
                .body("value.name", hasItems("Nitrogen dioxide concentration"));
    }
}
