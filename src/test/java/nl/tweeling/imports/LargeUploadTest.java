package nl.tweeling.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import nl.tweeling.support.TestDatabase;

/** An upload larger than the old 16 MB body limit: streamed to disk by Quarkus, moved into the run, imported. */
@QuarkusTest
class LargeUploadTest {

    static final int FEATURES = 100_000;

    @TestHTTPResource("/")
    URL root;

    @Test
    void aGeoJsonFileOfTensOfMegabytesImports(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("points.geojson");
        writePoints(file, FEATURES);
        long size = Files.size(file);
        assertTrue(size > 24L * 1024 * 1024, "the file is only " + size + " bytes");

        String layer = ImportSupport.layerName("large-upload");
        MemoryPoolMXBean old = oldGeneration();
        System.gc();
        long before = old == null ? 0 : old.getUsage().getUsed();
        if (old != null) {
            old.resetPeakUsage();
        }
        String jobId = upload(file, layer);
        if (old != null) {
            // the upload went to disk: a copy in memory (a humongous array in G1) would raise the old generation's
            // peak by the file's size
            long grew = old.getPeakUsage().getUsed() - before;
            assertTrue(grew < size, "the old generation grew by " + grew + " bytes during an upload of " + size);
        }
        JsonPath st = ImportSupport.await(jobId);
        assertEquals("successful", st.getString("status"), st.getString("message"));
        JsonPath report = ImportSupport.report(jobId);
        assertEquals(FEATURES, report.getInt("inserted"));
        assertEquals(0, report.getInt("rejected"));
        assertEquals((long) FEATURES, TestDatabase.count("SELECT count(*) FROM tweeling_layer.\"" + layer
                + "\" WHERE valid_to IS NULL"));
        // the padding went through whole: its length is part of every row
        assertEquals((long) FEATURES, TestDatabase.count("SELECT count(*) FROM tweeling_layer.\"" + layer
                + "\" WHERE length(pad) = 200 AND n IS NOT NULL"));
    }

    private static MemoryPoolMXBean oldGeneration() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && (p.getName().contains("Old") || p.getName().contains("Tenured")))
                .findFirst().orElse(null);
    }

    /**
     * POST /imports with the file streamed from disk (RestAssured holds a multipart body in memory, which would
     * hide what the server holds).
     */
    String upload(Path file, String layer) throws IOException, InterruptedException, URISyntaxException {
        String boundary = "tweeling-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"layer\"\r\n\r\n" + layer + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName()
                + "\"\r\nContent-Type: application/geo+json\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(root.toURI().resolve("imports"))
                .header("X-API-Key", ImportSupport.ADMIN_KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofString(tail)))
                .build();
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JsonPath.from(r.body()).getString("jobID");
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
