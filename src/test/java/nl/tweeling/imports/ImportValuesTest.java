package nl.tweeling.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/**
 * Values and names as open data writes them: CBS's "?" for unknown keeps a numeric column numeric (null markers),
 * and field names longer than PostgreSQL's 63 bytes keep their whole name as the property name.
 */
@QuarkusTest
class ImportValuesTest {

    static final String INCOME = "gemiddeld_inkomen_per_huishouden";
    static final String PRICE = "consumentenprijs_elektriciteit_variabele_kosten_incl_energiebelasting_en_btw";

    @TempDir
    Path tmp;

    private static String columnType(String layer, String column) {
        return (String) TestDatabase.scalar("SELECT udt_name::text FROM information_schema.columns"
                + " WHERE table_schema = 'tweeling_layer' AND table_name = ? AND column_name = ?", layer, column);
    }

    @Test
    void theRealEnergyFileKeepsItsNumbersAndItsLongNames() {
        Path energy = RealData.file("boundaries/zwolle_buurten_energy_2023.geojson");
        String layer = ImportSupport.layerName("energy");
        JsonPath report = ImportSupport.importOk(Map.of("layer", layer), energy);
        assertEquals(78, report.getInt("inserted"));
        // 55 buurten have "?" for the income: with the default markers the column is numeric, those are null
        assertTrue(report.getLong("nullsFromMarkers") >= 55, report.prettify());
        assertTrue(java.util.Set.of("int4", "int8", "float8", "numeric").contains(columnType(layer, INCOME)),
                columnType(layer, INCOME));
        assertEquals(55L, TestDatabase.count("SELECT count(*) FROM tweeling_layer.\"" + layer + "\" WHERE " + INCOME + " IS NULL"));
        given().get("/collections/" + layer + "/queryables").then().statusCode(200)
                .body("properties." + INCOME + ".type", org.hamcrest.Matchers.oneOf("number", "integer"));
        // a numeric filter works on it
        given().queryParam("filter", INCOME + " > 0").get("/collections/" + layer + "/items?limit=100").then()
                .statusCode(200).body("numberMatched", equalTo(78 - 55));

        // the 85-byte source name: a 63-byte column, the whole name as the property everywhere
        assertTrue(PRICE.length() > 63);
        Map<String, Object> props = given().get("/collections/" + layer + "/items?limit=1").then().statusCode(200)
                .extract().path("features[0].properties");
        assertTrue(props.containsKey(PRICE), props.keySet().toString());
        assertFalse(props.keySet().stream().anyMatch(k -> k.length() == 63 && PRICE.startsWith(k)), props.keySet().toString());
        given().get("/collections/" + layer + "/queryables").then()
                .body("properties." + PRICE + ".title", equalTo(
                        "consumentenprijs_elektriciteit_(variabele_kosten_incl._energiebelasting_en_btw)_[€]"));
        given().queryParam("filter", PRICE + " IS NOT NULL").queryParam("properties", PRICE)
                .queryParam("sortby", "-" + PRICE).get("/collections/" + layer + "/items?limit=2").then().statusCode(200);
        String id = given().get("/collections/" + layer + "/items?limit=1").then().extract().path("features[0].id").toString();
        given().queryParam("properties", PRICE).get("/collections/" + layer + "/items/" + id).then().statusCode(200)
                .body("properties.keySet()", equalTo(java.util.Set.of(PRICE)));
    }

    @Test
    void nullMarkersAreConfigurablePerImport() throws Exception {
        Path csv = tmp.resolve("waarden.csv");
        Files.writeString(csv, "id,wkt,aantal,naam\n1,POINT (6.09 52.51),12,een\n2,POINT (6.10 52.52),x,\"-\"\n"
                + "3,POINT (6.11 52.53),.,drie\n");
        // default markers (?, ., -): "x" is not one, so aantal is text
        String text = ImportSupport.layerName("waarden");
        ImportSupport.importOk(Map.of("layer", text), csv);
        assertEquals("text", columnType(text, "aantal").replace("varchar", "text"));
        assertEquals(null, TestDatabase.scalar("SELECT naam FROM tweeling_layer.\"" + text + "\" WHERE feature_id = '2'"));
        // nullValues=x,. : numbers, "-" stays a name
        String numbers = ImportSupport.layerName("waarden");
        JsonPath report = ImportSupport.importOk(Map.of("layer", numbers, "nullValues", "x,."), csv);
        assertEquals(2L, report.getLong("nullsFromMarkers"));
        assertTrue(columnType(numbers, "aantal").startsWith("int"), columnType(numbers, "aantal"));
        assertEquals("-", TestDatabase.scalar("SELECT naam FROM tweeling_layer.\"" + numbers + "\" WHERE feature_id = '2'"));
        // none at all
        String none = ImportSupport.layerName("waarden");
        ImportSupport.importOk(Map.of("layer", none, "nullValues", ""), csv);
        assertEquals(".", TestDatabase.scalar("SELECT aantal::text FROM tweeling_layer.\"" + none + "\" WHERE feature_id = '3'"));
    }
}
