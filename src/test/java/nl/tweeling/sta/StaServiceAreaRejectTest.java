package nl.tweeling.sta;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import nl.tweeling.support.TestDatabase;

/** The service-area policy reject: a Location outside is a 422 problem and nothing of the request is stored. */
@QuarkusTest
@TestProfile(StaServiceAreaRejectTest.Reject.class)
class StaServiceAreaRejectTest {

    public static class Reject implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tweeling.sensors.service-area.policy", "reject");
        }
    }

    static String location(String name, String coordinates) {
        return "{\"name\": \"" + name + "\", \"description\": \"d\", \"encodingType\": \"application/geo+json\","
                + " \"location\": {\"type\": \"Point\", \"coordinates\": " + coordinates + "}}";
    }

    @Test
    void aLocationOutsideIsRefusedWith422AndNothingIsStored() {
        String key = TestDatabase.newApiKey("ingest");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        given().header("X-API-Key", key).contentType("application/json").body(location("far " + tag, "[-114.06, 51.05]"))
                .post("/sta/v1.1/Locations").then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("outside the service area")).body("detail", containsString("nothing was stored"));
        given().header("X-API-Key", key).contentType("application/json")
                .body("{\"name\": \"thing " + tag + "\", \"Locations\": [" + location("far2 " + tag, "[-114.06, 51.05]") + "]}")
                .post("/sta/v1.1/Things").then().statusCode(422);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling.thing WHERE name = ?", "thing " + tag));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling.location WHERE name LIKE ?", "far%" + tag));
        // inside: stored, nothing to say
        Response ok = given().header("X-API-Key", key).contentType("application/json")
                .body(location("near " + tag, "[6.0941, 52.5125]")).post("/sta/v1.1/Locations");
        assertEquals(201, ok.statusCode(), ok.asString());
        assertNull(ok.header("Tweeling-Service-Area"));
        assertNull(ok.jsonPath().getString("properties.serviceArea"));
    }
}
