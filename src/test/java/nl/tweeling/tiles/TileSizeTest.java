package nl.tweeling.tiles;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import nl.tweeling.feature.LayerRegistry;

/**
 * The tile rules of the base layers (V016) keep every tile of the Zwolle sample under 500 KB: every dataset tile
 * over the city at the levels up to 13 of WebMercatorQuad and up to 8 of NetherlandsRDNewQuad, and the tiles around
 * the centre (the densest part) at the deeper levels. Sizes are printed per level.
 */
@QuarkusTest
class TileSizeTest {

    static final int LIMIT = 500 * 1024;

    @Inject
    LayerRegistry registry;

    @Test
    void datasetTilesOverTheCityStayUnder500KB() {
        double[] city = registry.find("buurten").orElseThrow().extent();
        List<String> report = new ArrayList<>();
        for (int z = 6; z <= 18; z++) {
            long[] nw = Mvt.webMercatorTile(city[0], city[3], z);
            long[] se = Mvt.webMercatorTile(city[2], city[1], z);
            long[] centre = Mvt.webMercatorTile((city[0] + city[2]) / 2, (city[1] + city[3]) / 2, z);
            int max = 0;
            int count = 0;
            for (long row = nw[0]; row <= se[0]; row++) {
                for (long col = nw[1]; col <= se[1]; col++) {
                    if (z > 13 && (Math.abs(row - centre[0]) > 1 || Math.abs(col - centre[1]) > 1)) {
                        continue;
                    }
                    max = Math.max(max, size("/tiles/WebMercatorQuad/" + z + "/" + row + "/" + col));
                    count++;
                }
            }
            report.add("WebMercatorQuad " + z + ": " + count + " tiles, largest " + max / 1024 + " KB");
            assertTrue(max < LIMIT, report.toString());
        }
        double[] sw = TilesTest.transformedToRd(city[0], city[1]);
        double[] ne = TilesTest.transformedToRd(city[2], city[3]);
        for (int z = 1; z <= 13; z++) {
            long[] nwt = Mvt.rdTile(sw[0], ne[1], z);
            long[] set = Mvt.rdTile(ne[0], sw[1], z);
            long[] centre = Mvt.rdTile((sw[0] + ne[0]) / 2, (sw[1] + ne[1]) / 2, z);
            int max = 0;
            int count = 0;
            for (long row = nwt[0]; row <= set[0]; row++) {
                for (long col = nwt[1]; col <= set[1]; col++) {
                    if (z > 8 && (Math.abs(row - centre[0]) > 1 || Math.abs(col - centre[1]) > 1)) {
                        continue;
                    }
                    max = Math.max(max, size("/tiles/NetherlandsRDNewQuad/" + z + "/" + row + "/" + col));
                    count++;
                }
            }
            report.add("NetherlandsRDNewQuad " + z + ": " + count + " tiles, largest " + max / 1024 + " KB");
            assertTrue(max < LIMIT, report.toString());
        }
        System.out.println("TileSizeTest:\n  " + String.join("\n  ", report));
    }

    private static int size(String path) {
        Response r = given().get(path).then().extract().response();
        assertTrue(r.statusCode() == 200 || r.statusCode() == 204, path + ": " + r.statusCode() + " " + r.asString());
        return r.statusCode() == 204 ? 0 : r.asByteArray().length;
    }
}
