package nl.tweeling.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import nl.tweeling.support.RealData;
import nl.tweeling.support.TestDatabase;

/**
 * The launcher against the test app, as separate processes: {@code ./tweeling harvest add|list|run|remove} with
 * --url/--key and with TWEELING_URL/TWEELING_API_KEY, and the contents part of {@code ./tweeling status}.
 */
@QuarkusTest
class HarvestCommandTest {

    static final String ADMIN = HarvesterResourceTest.ADMIN;

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static String url() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    private static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "./tweeling"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("TWEELING_URL");
        pb.environment().remove("TWEELING_API_KEY");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path errors = Files.createTempFile("tweeling-cli", ".err");
        pb.redirectError(errors.toFile());
        Process p = pb.start();
        var out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "./tweeling " + String.join(" ", args) + " did not end");
        String err = Files.readString(errors);
        Files.delete(errors);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }

    private static Run tweeling(String... args) throws IOException, InterruptedException {
        List<String> withApi = new ArrayList<>(List.of(args));
        withApi.addAll(List.of("--url", url(), "--key", ADMIN));
        return run(Map.of(), withApi.toArray(String[]::new));
    }

    @Test
    void addListRunAndRemoveAHarvester() throws Exception {
        byte[] file = Files.readAllBytes(RealData.file("water/rws_waterinfo_katerveer_KATV_20241123.json"));
        try (FeedServer server = new FeedServer().serve("/katv.json", "application/json", file)) {
            String id = HarvestTesting.uniqueId("cli");
            Path json = dir.resolve("harvesters.json");
            Files.writeString(json, "{\"harvesters\": [{\"id\": \"" + id + "\", \"type\": \"rws-waterinfo\", \"url\": \""
                    + server.url("/katv.json") + "\", \"every\": \"1h\", \"options\": {\"location\": \"katv-cli\"}}]}");

            Run add = tweeling("harvest", "add", json.toString());
            assertEquals(0, add.exit(), add.all());
            assertTrue(add.out().contains("added harvester " + id), add.all());
            assertEquals(1L, TestDatabase.count("SELECT count(*) FROM tweeling.harvester WHERE id = ?", id));

            // the address and key from the environment instead of options
            Run list = run(Map.of("TWEELING_URL", url(), "TWEELING_API_KEY", ADMIN), "harvest", "list");
            assertEquals(0, list.exit(), list.all());
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("rws-waterinfo") && l.contains("PT1H")
                    && l.contains("never")), list.out());
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith("config-knmi-heino")), list.out());

            Run harvest = tweeling("harvest", "run", id);
            assertEquals(0, harvest.exit(), harvest.all());
            assertTrue(harvest.out().contains("harvest " + id + ": 287 fetched, 287 inserted"), harvest.all());
            assertTrue(harvest.err().contains("100%"), "a progress bar: " + harvest.err());
            assertEquals(1, server.hits("/katv.json"));

            Run after = tweeling("harvest", "list");
            assertTrue(after.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("successful")), after.out());

            Run status = status(RestAssured.port);
            assertEquals(0, status.exit(), status.all());
            assertTrue(status.out().contains("last jobs"), status.out());
            assertTrue(status.out().lines().anyMatch(l -> l.contains("harvest") && l.contains("successful") && l.contains(id)),
                    status.out());
            assertTrue(status.out().lines().anyMatch(l -> l.trim().startsWith(id) && l.contains("last run successful")),
                    status.out());
            assertTrue(status.out().contains("layers ("), status.out());

            Run remove = tweeling("harvest", "remove", id);
            assertEquals(0, remove.exit(), remove.all());
            assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.harvester WHERE id = ?", id));
            Run again = tweeling("harvest", "remove", id);
            assertEquals(1, again.exit(), again.all());
            assertTrue(again.err().contains("no harvester " + id), again.all());
        }
    }

    @Test
    void refusalsSayWhy() throws Exception {
        Path json = dir.resolve("bad.json");
        String id = HarvestTesting.uniqueId("cli-bad");
        Files.writeString(json, "{\"id\": \"" + id + "\", \"type\": \"no-such-type\", \"url\": \"https://example.org/x\"}");
        Run add = tweeling("harvest", "add", json.toString());
        assertEquals(1, add.exit(), add.all());
        assertTrue(add.err().contains("unknown harvester type"), add.all());
        assertEquals(0L, TestDatabase.count("SELECT count(*) FROM tweeling.harvester WHERE id = ?", id));

        Run unknown = tweeling("harvest", "run", "no-such-harvester");
        assertEquals(1, unknown.exit(), unknown.all());
        assertTrue(unknown.err().contains("no harvester no-such-harvester"), unknown.all());

        Run badKey = run(Map.of(), "harvest", "remove", "config-knmi-heino", "--url", url(), "--key", "twk_not_a_key");
        assertEquals(1, badKey.exit(), badKey.all());
        assertTrue(badKey.err().contains("HTTP 401"), badKey.all());

        Run usage = run(Map.of(), "harvest", "frobnicate");
        assertEquals(1, usage.exit(), usage.all());
        assertTrue(usage.err().contains("unknown harvest command"), usage.all());
    }

    @Test
    void statusSaysWhenTheAppIsDown() throws Exception {
        int nothing;
        try (var s = new java.net.ServerSocket(0)) {
            nothing = s.getLocalPort();
        }
        Run status = status(nothing);
        assertEquals(0, status.exit(), status.all());
        assertTrue(status.out().contains("the app is down"), status.all());
    }

    /** The contents part of ./tweeling status against the app on {@code port}, with the admin key in a file. */
    private Run status(int port) throws IOException, InterruptedException {
        Path key = dir.resolve("admin.key");
        Files.writeString(key, ADMIN);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail; TW_ROOT=$PWD;"
                + " for lib in common keys api status; do source src/main/sh/$lib.sh; done;"
                + " APP_PORT=$1; ADMIN_KEY_FILE=$2; status_contents", "status", Integer.toString(port), key.toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path errors = Files.createTempFile("tweeling-cli", ".err");
        pb.redirectError(errors.toFile());
        Process p = pb.start();
        var out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(errors);
        Files.delete(errors);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }
}
