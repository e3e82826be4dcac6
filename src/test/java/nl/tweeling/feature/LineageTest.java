package nl.tweeling.feature;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.support.TestDatabase;

/** Lineage is on every row: single features show it, item pages give it when asked for. */
@QuarkusTest
class LineageTest {

    @Test
    void singleFeaturesShowLineageAndPagesOnRequest() {
        String id = (String) TestDatabase.scalar("SELECT feature_id FROM tweeling.buildings WHERE valid_to IS NULL ORDER BY fid LIMIT 1");
        given().get("/collections/buildings/items/" + id).then().statusCode(200)
                .body("properties.source", equalTo("tweeling-sample"))
                .body("properties", hasKey("source_run"))
                .body("properties", hasKey("ingested_at"));
        given().get("/collections/buildings/items?limit=1").then().statusCode(200)
                .body("features[0].properties", hasKey("valid_from"))
                .body("features[0].properties", not(hasKey("source_run")));
        given().get("/collections/buildings/items?limit=1&properties=use,source,source_run").then().statusCode(200)
                .body("features[0].properties.source", equalTo("tweeling-sample"))
                .body("features[0].properties", hasKey("source_run"));
    }
}
