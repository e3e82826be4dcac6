package nl.tweeling.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.support.TestDatabase;

/** Snapshots of a layer keep history: unchanged untouched, changed versioned, vanished ended. */
@QuarkusTest
class FeatureHistoryTest {

    @Inject
    FeatureVersionRepository versions;

    @Inject
    LayerRegistry registry;

    String layerId;
    String table;

    @BeforeEach
    void newLayer() {
        layerId = "hist_" + UUID.randomUUID().toString().substring(0, 8);
        table = layerId;
        TestDatabase.update("CREATE TABLE tweeling." + table + " (LIKE tweeling.facilities INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY)");
        TestDatabase.update("INSERT INTO tweeling.layer (id, title, table_name, geometry_type, source) VALUES (?, 'History test', ?, 'Point', 'test')",
                layerId, table);
        registry.invalidate();
    }

    FeatureVersionRepository.LoadCounts load(String csv, Instant at) throws Exception {
        UUID run = UUID.randomUUID();
        TestDatabase.update("INSERT INTO tweeling.job (id, kind) VALUES (?, 'import')", run);
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            var counts = versions.load(c, registry.find(layerId).orElseThrow(), List.of("feature_id", "kind", "name", "wkt"),
                    new StringReader(csv), "test-source", run, at);
            registry.refreshStatistics(c, layerId); // as every writer of a layer does (count, extents)
            c.commit();
            return counts;
        }
    }

    @Test
    void reloadsVersionExactlyWhatChanged() throws Exception {
        String v1 = "a,school,A,POINT(203000 503000)\nb,gp,B,POINT(203100 503000)\nc,supermarket,C,POINT(203200 503000)\n";
        assertEquals(new FeatureVersionRepository.LoadCounts(3, 0, 0, 0), load(v1, Instant.parse("2026-01-01T00:00:00Z")));
        assertEquals(new FeatureVersionRepository.LoadCounts(0, 0, 3, 0), load(v1, Instant.parse("2026-02-01T00:00:00Z")));
        assertEquals(3L, TestDatabase.count("SELECT count(*) FROM tweeling." + table));

        // b renamed, c gone, d new, a as it was
        String v2 = "a,school,A,POINT(203000 503000)\nb,gp,B2,POINT(203100 503000)\nd,bus_stop,D,POINT(203300 503000)\n";
        assertEquals(new FeatureVersionRepository.LoadCounts(1, 1, 1, 1), load(v2, Instant.parse("2026-03-01T00:00:00Z")));
        assertEquals(5L, TestDatabase.count("SELECT count(*) FROM tweeling." + table));
        assertEquals(3L, TestDatabase.count("SELECT count(*) FROM tweeling." + table + " WHERE valid_to IS NULL"));
        assertEquals("B2", TestDatabase.scalar("SELECT name FROM tweeling." + table + " WHERE feature_id = 'b' AND valid_to IS NULL"));
        // the layer as it was in February
        assertEquals("B", TestDatabase.scalar("SELECT name FROM tweeling." + table + " WHERE feature_id = 'b'"
                + " AND valid_from <= '2026-02-15' AND (valid_to IS NULL OR valid_to > '2026-02-15')"));
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling." + table + " WHERE feature_id = 'c' AND valid_to = '2026-03-01T00:00:00Z'"));
    }
}
