package nl.tweeling.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/** An upload larger than the old 16 MB body limit: streamed to disk by Quarkus, moved into the run, imported. */
@QuarkusTest
class LargeUploadTest {

    static final int FEATURES = 100_000;

    @Test
    void aGeoJsonFileOfTensOfMegabytesImports(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("points.geojson");
        writePoints(file, FEATURES);
        long size = Files.size(file);
        assertTrue(size > 24L * 1024 * 1024, "the file is only " + size + " bytes");

        String layer = ImportSupport.layerName("large-upload");
        JsonPath report = ImportSupport.importOk(Map.of("layer", layer), file);
        assertEquals(FEATURES, report.getInt("inserted"));
        assertEquals(0, report.getInt("rejected"));
        assertEquals((long) FEATURES, TestDatabase.count("SELECT count(*) FROM tweeling_layer.\"" + layer
                + "\" WHERE valid_to IS NULL"));
        // the padding went through whole: its length is part of every row
        assertEquals((long) FEATURES, TestDatabase.count("SELECT count(*) FROM tweeling_layer.\"" + layer
                + "\" WHERE length(pad) = 200 AND n IS NOT NULL"));
    }

    /** Points in Zwolle (lon/lat), each with a number and 200 characters of padding: about 26 MB for 100,000. */
    static void writePoints(Path file, int n) throws IOException {
        String pad = "x".repeat(190);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
            for (int i = 0; i < n; i++) {
                w.write(String.format(Locale.ROOT, "%s{\"type\":\"Feature\",\"id\":%d,\"properties\":{\"n\":%d,"
                        + "\"pad\":\"%s%010d\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}}\n",
                        i == 0 ? "" : ",", i + 1, i, pad, i, 6.05 + (i % 1000) * 0.0001, 52.48 + (i / 1000) * 0.0005));
            }
            w.write("]}\n");
        }
    }
}
