package nl.tweeling.tiles;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;

/** A layer an import registers has tiles at once: the tile resources read the layer registry at each request. */
@QuarkusTest
class ImportedLayerTilesTest {

    static final String ADMIN = "twk_test_bootstrap_admin_key_0123456789";

    @TempDir
    Path tmp;

    @Test
    void anImportedLayerIsTiledWithItsProperties() throws Exception {
        String layer = "tiles-imp-" + UUID.randomUUID().toString().substring(0, 8);
        Path f = tmp.resolve(layer + ".geojson");
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"id\":\"p1\",\"properties\":{\"label\":\"Sassenpoort\",\"floors\":4,\"tags\":{\"a\":1}},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.0985,52.5105]}},"
                + "{\"type\":\"Feature\",\"id\":\"l1\",\"properties\":{\"label\":\"Thorbeckegracht\",\"floors\":null,\"tags\":null},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.0990,52.5110]}}]}");
        String job = given().header("X-API-Key", ADMIN).multiPart("file", f.toFile()).multiPart("layer", layer)
                .post("/imports").then().statusCode(201).extract().path("jobID");
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> {
            String s = given().header("X-API-Key", ADMIN).get("/jobs/" + job).then().extract().path("status");
            return "successful".equals(s) || "failed".equals(s);
        });
        assertEquals("successful", given().header("X-API-Key", ADMIN).get("/jobs/" + job).then().extract().path("status"));

        given().get("/collections/" + layer + "/tiles").then().statusCode(200);
        List<String> vectorLayers = given().get("/collections/" + layer + "/tiles/WebMercatorQuad?f=tilejson").then()
                .statusCode(200).extract().path("vector_layers.id");
        assertEquals(List.of(layer), vectorLayers);

        int z = 15;
        long[] rc = Mvt.webMercatorTile(6.0985, 52.5105, z);
        byte[] bytes = given().get("/collections/" + layer + "/tiles/WebMercatorQuad/" + z + "/" + rc[0] + "/" + rc[1])
                .then().statusCode(200).contentType(TilesTest.MVT).extract().asByteArray();
        List<Mvt.Feature> features = Mvt.decode(bytes, TileMatrixSet.WEB_MERCATOR_QUAD, z, rc[0], rc[1]);
        assertEquals(List.of(layer), Mvt.layers(features), "the MVT layer is named after the collection");
        Mvt.Feature point = features.stream().filter(x -> "Sassenpoort".equals(x.get("label"))).findFirst()
                .orElseThrow(() -> new AssertionError("no Sassenpoort in " + features));
        assertTrue(point.wkt().startsWith("POINT"), point.toString());
        assertEquals("4", point.get("floors"), point.toString());
        assertTrue(point.get("feature_id") != null && !point.get("feature_id").isBlank(), point.toString());
        assertTrue(features.stream().anyMatch(x -> "Thorbeckegracht".equals(x.get("label")) && x.get("floors") == null),
                "a null value is no property: " + features);

        // not a base layer: never in the dataset tiles
        byte[] dataset = given().get("/tiles/WebMercatorQuad/" + z + "/" + rc[0] + "/" + rc[1]).then().statusCode(200)
                .extract().asByteArray();
        assertTrue(!Mvt.layers(Mvt.decode(dataset, TileMatrixSet.WEB_MERCATOR_QUAD, z, rc[0], rc[1])).contains(layer));
    }
}
