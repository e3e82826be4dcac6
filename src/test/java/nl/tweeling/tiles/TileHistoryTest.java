package nl.tweeling.tiles;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.feature.FeatureVersionRepository;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.support.TestDatabase;

/** {@code datetime=} on tiles: the city as it was then, from each feature's valid_from/valid_to. */
@QuarkusTest
class TileHistoryTest {

    @Inject
    FeatureVersionRepository versions;

    @Inject
    LayerRegistry registry;

    void load(String layerId, String csv, Instant at) throws Exception {
        UUID run = UUID.randomUUID();
        TestDatabase.update("INSERT INTO tweeling.job (id, kind) VALUES (?, 'import')", run);
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            versions.load(c, registry.find(layerId).orElseThrow(), List.of("feature_id", "kind", "name", "wkt"),
                    new StringReader(csv), "test-source", run, at);
            registry.refreshStatistics(c, layerId);
            c.commit();
        }
    }

    @Test
    void anEndedFeatureIsInTheTilesOfItsTimeAndARenamedOneHasItsNameOfThen() throws Exception {
        String layer = "tiles_hist_" + UUID.randomUUID().toString().substring(0, 8);
        TestDatabase.update("CREATE TABLE tweeling." + layer + " (LIKE tweeling.facilities INCLUDING DEFAULTS"
                + " INCLUDING GENERATED INCLUDING IDENTITY)");
        TestDatabase.update("INSERT INTO tweeling.layer (id, title, table_name, geometry_type, source)"
                + " VALUES (?, 'Tile history test', ?, 'Point', 'test')", layer, layer);
        registry.invalidate();
        // c stands far from a and b, so that its tile at level 14 holds it alone
        load(layer, "a,school,A,POINT(203000 503000)\nb,gp,B,POINT(203100 503000)\nc,supermarket,C,POINT(180000 480000)\n",
                Instant.parse("2026-01-01T00:00:00Z"));
        load(layer, "a,school,A,POINT(203000 503000)\nb,gp,B2,POINT(203100 503000)\n", Instant.parse("2026-03-01T00:00:00Z"));

        int z = 14;
        double[] c = TilesTest.transformed(180000, 480000, 4326);
        long[] rc = Mvt.webMercatorTile(c[0], c[1], z);
        String tileOfC = "/collections/" + layer + "/tiles/WebMercatorQuad/" + z + "/" + rc[0] + "/" + rc[1];
        given().get(tileOfC).then().statusCode(204);
        byte[] february = given().get(tileOfC + "?datetime=2026-02-01T12:00:00Z").then().statusCode(200).extract()
                .asByteArray();
        List<Mvt.Feature> then = Mvt.decode(february, TileMatrixSet.WEB_MERCATOR_QUAD, z, rc[0], rc[1]);
        assertEquals(1, then.size(), then.toString());
        assertEquals("c", then.get(0).get("feature_id"));
        assertEquals("C", then.get(0).get("name"));
        // valid_to is exclusive: at the moment it ended, c is gone; before the first load nothing was there
        given().get(tileOfC + "?datetime=2026-03-01T00:00:00Z").then().statusCode(204);
        given().get(tileOfC + "?datetime=2025-12-31T23:59:59Z").then().statusCode(204);
        // the offset form of the same instant
        given().urlEncodingEnabled(false).get(tileOfC + "?datetime=2026-02-01T13:00:00%2B01:00").then().statusCode(200);

        double[] b = TilesTest.transformed(203100, 503000, 4326);
        long[] brc = Mvt.webMercatorTile(b[0], b[1], z);
        String tileOfB = "/collections/" + layer + "/tiles/WebMercatorQuad/" + z + "/" + brc[0] + "/" + brc[1];
        assertEquals("B2", name(tileOfB, z, brc, "b"));
        assertEquals("B", name(tileOfB + "?datetime=2026-02-01T00:00:00Z", z, brc, "b"));
    }

    private static String name(String path, int z, long[] rc, String featureId) throws Exception {
        byte[] bytes = given().get(path).then().statusCode(200).extract().asByteArray();
        return Mvt.decode(bytes, TileMatrixSet.WEB_MERCATOR_QUAD, z, rc[0], rc[1]).stream()
                .filter(f -> featureId.equals(f.get("feature_id"))).findFirst().orElseThrow().get("name");
    }
}
