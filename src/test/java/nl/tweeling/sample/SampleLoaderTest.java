package nl.tweeling.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.support.TestDatabase;

/** The Zwolle sample: loaded at startup, a second load changes nothing. */
@QuarkusTest
class SampleLoaderTest {

    @Inject
    SampleLoader loader;

    @Inject
    TweelingConfig config;

    @Test
    void sampleIsLoadedWithItsLineage() {
        assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling.job WHERE kind = 'sample-load' AND status = 'successful'"));
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.buildings WHERE source_run IS NULL OR source <> 'tweeling-sample'"));
        long buildings = TestDatabase.count("SELECT count(*) FROM tweeling.buildings WHERE valid_to IS NULL");
        assertTrue(buildings > 15_000 && buildings < 25_000, "about 20,000 buildings: " + buildings);
        long addresses = TestDatabase.count("SELECT count(*) FROM tweeling.addresses WHERE valid_to IS NULL");
        assertTrue(addresses > 60_000 && addresses < 80_000, "about 70,000 addresses: " + addresses);
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.buildings WHERE NOT ST_IsValid(geom)"));
    }

    @Test
    void bulkLoadsLeaveThePlannerStatisticsCurrent() {
        // last_analyze is set only by an explicit ANALYZE (autovacuum sets last_autoanalyze), so this is the load's own
        for (String table : new String[] {"addresses", "buildings", "green"}) {
            assertEquals(1L, TestDatabase.count("SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = 'tweeling'"
                    + " AND relname = ? AND last_analyze IS NOT NULL", table), table + " analyzed by the load");
        }
    }

    @Test
    void secondLoadChangesNothing() {
        long rows = TestDatabase.count("SELECT (SELECT count(*) FROM tweeling.buildings) + (SELECT count(*) FROM tweeling.observation)");
        long jobs = TestDatabase.count("SELECT count(*) FROM tweeling.job");
        assertNull(loader.load(Path.of(config.sample().dir())));
        assertEquals(rows, TestDatabase.count("SELECT (SELECT count(*) FROM tweeling.buildings) + (SELECT count(*) FROM tweeling.observation)"));
        assertEquals(jobs, TestDatabase.count("SELECT count(*) FROM tweeling.job"));
    }

    @Test
    void buurtenTileTheCityWithoutOverlaps() {
        double sum = ((Number) TestDatabase.scalar("SELECT sum(ST_Area(geom)) FROM tweeling.buurten WHERE valid_to IS NULL")).doubleValue();
        double union = ((Number) TestDatabase.scalar("SELECT ST_Area(ST_Union(geom)) FROM tweeling.buurten WHERE valid_to IS NULL")).doubleValue();
        assertEquals(union, sum, union * 1e-6, "no overlaps");
        double wijken = ((Number) TestDatabase.scalar("SELECT sum(ST_Area(geom)) FROM tweeling.wijken WHERE valid_to IS NULL")).doubleValue();
        assertEquals(union, wijken, union * 1e-6, "wijken cover the same area");
    }

    @Test
    void theGroundGridAndTheDikesAreLoadedAsTheManifestCountsThem() throws Exception {
        String manifest = java.nio.file.Files.readString(Path.of(config.sample().dir()).resolve("manifest.json"));
        for (String layer : new String[] {"ground", "dikes"}) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + layer + "\": (\\d+)").matcher(manifest);
            assertTrue(m.find(), layer + " in the manifest");
            assertEquals(Long.parseLong(m.group(1)), TestDatabase.count("SELECT count(*) FROM tweeling." + layer
                    + " WHERE valid_to IS NULL"), layer);
            assertEquals(Long.parseLong(m.group(1)), TestDatabase.count("SELECT feature_count FROM tweeling.layer"
                    + " WHERE id = ?", layer), layer + " feature count in the registry");
        }
        assertEquals(84_000L, TestDatabase.count("SELECT count(*) FROM tweeling.ground WHERE valid_to IS NULL"
                + " AND abs(ST_Area(geom) - 2500) < 0.01"), "50 m cells");
        // the cells tile the buurten's extent: their union's area is the sum of their areas and the buurten's
        double buurten = ((Number) TestDatabase.scalar("SELECT ST_Area(ST_Union(geom)) FROM tweeling.buurten"
                + " WHERE valid_to IS NULL")).doubleValue();
        assertEquals(buurten, 84_000 * 2500.0, buurten * 1e-6);
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.dikes WHERE valid_to IS NULL"
                + " AND (crest_m < 5 OR crest_m > 8 OR NOT ST_IsValid(geom))"));
    }
}
