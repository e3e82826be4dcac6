package nl.tweeling.tiles;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.support.TestDatabase;

/**
 * The tile statement compares the stored geometry in its own CRS with the tile transformed into it, so the GiST
 * index on the layer's geometry serves it: its plan, as PostgreSQL makes it for the bound statement, reads the
 * index, in both tile matrix sets and with datetime.
 */
@QuarkusTest
class TileRepositoryTest {

    @Inject
    LayerRegistry registry;

    @Inject
    TileRulesRepository rules;

    @Test
    void theSpatialIndexServesTheTileQuery() throws Exception {
        Layer buildings = registry.find("buildings").orElseThrow();
        TileRules r = rules.of("buildings");
        double[] lonLat = TilesTest.transformed(203000, 503000, 4326);
        long[] wm = Mvt.webMercatorTile(lonLat[0], lonLat[1], 16);
        long[] rd = Mvt.rdTile(203000, 503000, 11);
        for (String datetime : new String[] {null, "2026-01-01T00:00:00Z"}) {
            Map<String, List<String>> query = datetime == null ? Map.of() : Map.of("datetime", List.of(datetime));
            for (TileQuery q : List.of(
                    TileQuery.parse("WebMercatorQuad", "16", Long.toString(wm[0]), Long.toString(wm[1]), query),
                    TileQuery.parse("NetherlandsRDNewQuad", "11", Long.toString(rd[0]), Long.toString(rd[1]), query))) {
                TileRepository.Cut cut = new TileRepository.Cut(buildings, r, TileService.properties(buildings, null));
                String plan = plan(cut, q);
                assertTrue(plan.contains("Index Scan") && plan.contains("buildings"), q + ":\n" + plan);
                assertFalse(plan.contains("Seq Scan on buildings"), q + ":\n" + plan);
            }
        }
    }

    private static String plan(TileRepository.Cut cut, TileQuery q) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = TestDatabase.connect();
                PreparedStatement ps = c.prepareStatement("EXPLAIN " + TileRepository.sql(cut, q))) {
            TileRepository.bind(ps, cut, q);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
        }
        return out.toString();
    }
}
