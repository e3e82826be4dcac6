package nl.tweeling.ingest.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged app ({@code target/quarkus-app/quarkus-run.jar}) run as a child process, so a test can kill
 * it hard (SIGKILL). Each instance gets a free HTTP port; its output goes to
 * {@code target/reliability/<name>.log} (appended across restarts).
 */
final class ChildApp implements AutoCloseable {

    private final String name;
    private final Map<String, String> env;
    private final Path log;
    private Process process;
    private int port;
    private int starts;

    /**
     * @param env extra environment on top of the inherited one (which carries TWEELING_DB_URL, TWEELING_KAFKA, ...)
     */
    ChildApp(String name, Map<String, String> env) {
        this.name = name;
        this.env = env;
        this.log = Path.of("target", "reliability", name + ".log").toAbsolutePath();
    }

    /** The environment of an app that consumes its own topics in its own group, without the sample load. */
    static Map<String, String> isolated(String topic, String group) {
        return Map.of(
                "TWEELING_SAMPLE_LOAD", "false",
                "TWEELING_INGEST_TOPIC", topic,
                "TWEELING_INGEST_DLQ_TOPIC", topic + ".dlq",
                "TWEELING_INGEST_CONSUMER_GROUP", group,
                "TWEELING_INGEST_CONSUMER_POLL_TIMEOUT", "200ms");
    }

    /**
     * The packaged app; fails when it is missing or older than the compiled classes (then the package phase
     * did not run before these tests).
     */
    static Path jar() {
        Path dir = Path.of(System.getProperty("tweeling.app.dir", "target/quarkus-app")).toAbsolutePath();
        Path jar = dir.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: the reliability tests run the packaged app; run them in the integration-test"
                    + " phase (failsafe, after package), e.g. ./tweeling test");
        }
        long built = newest(dir.resolve("app"));
        long compiled = newest(Path.of("target", "classes").toAbsolutePath());
        if (built < compiled) {
            fail(dir + " is older than target/classes: package the app (./mvnw package) before these tests");
        }
        return jar;
    }

    private static long newest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the app and waits (at most {@code timeout}) until /q/health/ready answers 200. */
    ChildApp start(Duration timeout) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " already runs");
        }
        port = freePort();
        starts++;
        List<String> cmd = new ArrayList<>(List.of(Services.javaBin(), "-Xmx256m",
                // C1 only and the serial collector: a much quicker start on a small, busy machine
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "\n===== start " + starts + " of " + name + " on port " + port + " =====\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start the app: " + e, e);
        }
        long t0 = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + " while starting; its log:\n" + tail(40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    Services.say(name, "app start " + starts + " (pid " + process.pid() + ") ready after "
                            + (System.nanoTime() - t0) / 1_000_000 + " ms");
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (System.nanoTime() > deadline) {
                String tail = tail(40);
                kill();
                fail(name + " was not ready within " + timeout.toSeconds() + " s; its log:\n" + tail);
            }
            Services.sleep(200);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                fail(name + " (pid " + process.pid() + ") survived SIGKILL for 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The HTTP port of the current (last) start. */
    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** The last lines of the app's log, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Lines of the app's log that contain {@code text}. */
    long logLines(String text) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
