package nl.tweeling.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/**
 * A table without geometry (the real buurtgegevens 2015: 236 indicators per buurt, keyed by GEOITEM, the buurt
 * code) imported as an attribute table joined to the buurten: a collection with the buurten's areas and history.
 */
@QuarkusTest
class AttributeTableTest {

    @Test
    void indicatorsPerBuurtBecomeACollectionWithTheBuurtenAreas() {
        Path csv = RealData.file("boundaries/zwolle_buurtgegevens_2015.csv");
        String layer = ImportSupport.layerName("buurtgegevens");
        JsonPath report = ImportSupport.importOk(Map.of("layer", layer, "join", "buurten.code", "joinField", "GEOITEM"), csv);
        long buurten = TestDatabase.count("SELECT count(*) FROM tweeling.buurten WHERE valid_to IS NULL");
        long matching = TestDatabase.count("SELECT count(*) FROM tweeling.buurten WHERE valid_to IS NULL AND code IN ("
                + "SELECT unnest(string_to_array(?, ','))) ", String.join(",", RealDataKeys.keys(csv)));
        assertEquals(matching, report.getInt("inserted"), report.prettify());
        assertTrue(matching >= 70 && matching <= buurten, "most buurten match: " + matching);
        List<String> unmatched = report.getList("join.unmatchedKeys");
        assertTrue(unmatched.contains("999"), "the municipality's total row has no buurt: " + unmatched);
        assertEquals(unmatched.size(), report.getInt("rejected"));
        assertEquals("MultiPolygon", report.getString("geometryType"));

        // the collection: areas of the buurten, ids the buurt codes, the indicators as properties
        given().get("/collections/" + layer + "/items/100").then().statusCode(200)
                .body("geometry.type", equalTo("MultiPolygon")).body("properties.bspman", org.hamcrest.Matchers.notNullValue());
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling_layer.\"" + layer + "\" g JOIN tweeling.buurten b"
                + " ON b.code = g.feature_id AND b.valid_to IS NULL WHERE g.valid_to IS NULL AND NOT ST_Equals(g.geom, b.geom)"));
        given().queryParam("filter", "bspman > 1000").get("/collections/" + layer + "/items").then().statusCode(200);

        // with history like any layer: the same file again changes nothing
        JsonPath again = ImportSupport.importOk(Map.of("layer", layer, "mode", "replace", "join", "buurten.code",
                "joinField", "GEOITEM"), csv);
        assertEquals(matching, again.getInt("unchanged"));
    }

    @Test
    void aJoinIsCheckedBeforeAnyWork() {
        Path csv = RealData.file("boundaries/zwolle_buurtgegevens_2015.csv");
        for (var bad : List.of(
                Map.of("join", "buurten.code"),
                Map.of("join", "nosuchlayer.code", "joinField", "GEOITEM"),
                Map.of("join", "buurten.nosuch", "joinField", "GEOITEM"),
                Map.of("join", "buurten.code", "joinField", "NOSUCH"))) {
            var r = given().header("X-API-Key", ImportSupport.ADMIN_KEY).multiPart("file", csv.toFile())
                    .multiPart("layer", ImportSupport.layerName("bad-join"));
            for (var e : bad.entrySet()) {
                r = r.multiPart(e.getKey(), e.getValue());
            }
            r.post("/imports").then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString(bad.containsKey("joinField") ? "" : "joinField"));
        }
        // without a join a table without geometry is refused, with a pointer to join
        given().header("X-API-Key", ImportSupport.ADMIN_KEY).multiPart("file", csv.toFile())
                .multiPart("layer", ImportSupport.layerName("no-geom")).post("/imports").then().statusCode(400)
                .body("detail", containsString("join"));
    }

    /** The GEOITEM values of the real file. */
    static final class RealDataKeys {
        static List<String> keys(Path csv) {
            try {
                return java.nio.file.Files.readAllLines(csv).stream().skip(1)
                        .map(l -> l.substring(0, l.indexOf(',')).replace("\"", "").strip()).toList();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
