package nl.tweeling.imports;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code ./tweeling import} from a checkout that did not start the platform it talks to (a copy of the launcher
 * and its scripts in a temp dir, no {@code .tweeling/}): with {@code --url} and {@code --key} it imports; without
 * a key it says which platform answers and how to pass one.
 */
@QuarkusTest
class ImportCommandTest {

    static Path checkout;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void copyTheLauncher() throws IOException {
        checkout = Files.createTempDirectory("tweeling-checkout");
        Files.copy(Path.of("tweeling"), checkout.resolve("tweeling"));
        Path sh = Files.createDirectories(checkout.resolve("src/main/sh"));
        try (Stream<Path> scripts = Files.list(Path.of("src/main/sh"))) {
            for (Path p : scripts.toList()) {
                Files.copy(p, sh.resolve(p.getFileName()));
            }
        }
    }

    record Run(int exit, String out, String err) {
    }

    private Run tweeling(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", checkout.resolve("tweeling").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(checkout, "out", ".txt");
        Path err = Files.createTempFile(checkout, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(checkout.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("TWEELING_URL");
        pb.environment().remove("TWEELING_API_KEY");
        pb.environment().remove("QUARKUS_HTTP_PORT");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "./tweeling import ended");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Path geojson() throws IOException {
        Path file = checkout.resolve("points.geojson");
        Files.writeString(file, """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","properties":{"name":"a"},"geometry":{"type":"Point","coordinates":[6.09,52.51]}},
                 {"type":"Feature","properties":{"name":"b"},"geometry":{"type":"Point","coordinates":[6.10,52.52]}}]}
                """);
        return file;
    }

    private String url() {
        return "http://" + root.getHost() + ":" + root.getPort();
    }

    @Test
    void withUrlAndKeyItImports() throws Exception {
        String layer = ImportSupport.layerName("cli");
        Run run = tweeling(Map.of(), "import", geojson().toString(), "--layer", layer, "--url", url(),
                "--key", ImportSupport.ADMIN_KEY);
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("into layer " + layer + ": 2 inserted"), run.out());
        given().get("/collections/" + layer + "/items").then().statusCode(200);
    }

    @Test
    void theKeyMayComeFromTheEnvironment() throws Exception {
        String layer = ImportSupport.layerName("cli");
        Run run = tweeling(Map.of("TWEELING_URL", url(), "TWEELING_API_KEY", ImportSupport.ADMIN_KEY),
                "import", geojson().toString(), "--layer", layer);
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("into layer " + layer + ": 2 inserted"), run.out());
    }

    @Test
    void withoutAKeyItSaysWhichPlatformAnswersAndHowToPassOne() throws Exception {
        String layer = ImportSupport.layerName("cli");
        // the reviewer's case: no --url, a platform answers on the port, this checkout never ran `up`
        Run run = tweeling(Map.of("QUARKUS_HTTP_PORT", String.valueOf(root.getPort())),
                "import", geojson().toString(), "--layer", layer);
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("Tweeling answers at http://127.0.0.1:" + root.getPort()), run.err());
        assertTrue(run.err().contains("--key KEY") && run.err().contains("TWEELING_API_KEY"), run.err());
        assertTrue(!run.err().contains("./tweeling up first"), run.err());
        // with --url and no key
        run = tweeling(Map.of(), "import", geojson().toString(), "--layer", layer, "--url", url());
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("Tweeling answers at " + url()) && run.err().contains("--key KEY"), run.err());
        given().get("/collections/" + layer).then().statusCode(404);
    }

    @Test
    void aUrlWhereNothingAnswersIsNamed() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run run = tweeling(Map.of(), "import", geojson().toString(), "--layer", "cli-none", "--url",
                "http://127.0.0.1:" + port, "--key", ImportSupport.ADMIN_KEY);
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("no Tweeling answers at http://127.0.0.1:" + port), run.err());
    }
}
