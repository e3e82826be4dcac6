package nl.tweeling.sta;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** SensorThings conformance class "dataArray": observations as component lists per datastream. */
@QuarkusTest
class StaDataArrayTest {

    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    @Test
    void observationsOfOneDatastreamAsADataArray() {
        StaFixture f = new StaFixture("NO2", 205000, 505000, T0, 4);
        JsonPath doc = given().queryParam("$resultFormat", "dataArray").queryParam("$count", "true")
                .get("/sta/v1.1/Datastreams(" + f.datastream + ")/Observations").then().statusCode(200).extract().jsonPath();
        assertEquals(4, doc.getInt("'@iot.count'"));
        assertEquals(1, doc.getList("value").size());
        assertTrue(doc.getString("value[0].'Datastream@iot.navigationLink'").endsWith("/Datastreams(" + f.datastream + ")"));
        assertEquals(StaService.DATA_ARRAY_COMPONENTS, doc.getList("value[0].components"));
        assertEquals(4, doc.getInt("value[0].'dataArray@iot.count'"));
        assertEquals(f.observation(2), doc.getLong("value[0].dataArray[2][0]"));
        assertEquals("2026-05-01T02:00:00.000Z", doc.getString("value[0].dataArray[2][1]"));
        assertEquals(2.0f, doc.getFloat("value[0].dataArray[2][2]"));
    }

    @Test
    void selectChoosesTheComponentsAndGroupsFollowDatastreams() {
        StaFixture a = new StaFixture("NO2", 205100, 505100, T0, 2);
        StaFixture b = new StaFixture("PM10", 205200, 505200, T0, 3);
        JsonPath doc = given().queryParam("$resultFormat", "dataArray").queryParam("$select", "result,phenomenonTime")
                .queryParam("$filter", "Datastream/id eq " + a.datastream + " or Datastream/id eq " + b.datastream)
                .queryParam("$orderby", "Datastream/id, phenomenonTime")
                .get("/sta/v1.1/Observations").then().statusCode(200).extract().jsonPath();
        assertEquals(2, doc.getList("value").size());
        assertEquals(List.of("result", "phenomenonTime"), doc.getList("value[0].components"));
        assertEquals(2, doc.getInt("value[0].'dataArray@iot.count'"));
        assertEquals(3, doc.getInt("value[1].'dataArray@iot.count'"));
        assertEquals(List.of(1, "2026-05-01T01:00:00.000Z"), doc.getList("value[0].dataArray[1]"));
        assertTrue(doc.getString("value[1].'Datastream@iot.navigationLink'").endsWith("(" + b.datastream + ")"));
    }

    @Test
    void pagesOfADataArrayFollowNextLinks() {
        StaFixture f = new StaFixture("NO2", 205300, 505300, T0, 5);
        JsonPath first = given().queryParam("$resultFormat", "dataArray").queryParam("$top", 3)
                .get("/sta/v1.1/Datastreams(" + f.datastream + ")/Observations").then().statusCode(200).extract().jsonPath();
        assertEquals(3, first.getInt("value[0].'dataArray@iot.count'"));
        String next = first.getString("'@iot.nextLink'");
        assertTrue(next.contains("$resultFormat=dataArray"), next);
        given().urlEncodingEnabled(false).get(next).then().statusCode(200)
                .body("value[0].'dataArray@iot.count'", equalTo(2)).body("value[0].dataArray[0][2]", equalTo(3));
    }

    @Test
    void onlyForObservations() {
        given().queryParam("$resultFormat", "dataArray").get("/sta/v1.1/Things").then().statusCode(400);
        given().queryParam("$resultFormat", "csv").get("/sta/v1.1/Observations").then().statusCode(400);
        given().queryParam("$resultFormat", "dataArray").queryParam("$select", "name").get("/sta/v1.1/Observations")
                .then().statusCode(400);
        given().queryParam("$expand", "Observations($resultFormat=dataArray)").get("/sta/v1.1/Datastreams").then().statusCode(400);
    }
}
