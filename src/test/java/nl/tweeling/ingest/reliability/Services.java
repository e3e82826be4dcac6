package nl.tweeling.ingest.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The throwaway services of {@code ./tweeling test}, read from the environment it exports, and the means
 * to break them: stop and start the PostGIS cluster (as the postgres OS user) and the Kafka broker (through
 * its pid file, started again the way {@code src/main/sh/kafka.sh} starts it).
 */
final class Services {

    private Services() {
    }

    /** An environment variable that {@code ./tweeling test} exports; fails the test when it is missing. */
    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            fail(name + " is not set: run the reliability tests through ./tweeling test, which starts a throwaway"
                    + " PostGIS cluster and Kafka broker and exports it");
        }
        return v;
    }

    static String dbUrl() {
        return env("TWEELING_DB_URL");
    }

    static String kafka() {
        return env("TWEELING_KAFKA");
    }

    static Connection connect() throws SQLException {
        String user = Optional.ofNullable(System.getenv("TWEELING_DB_USER")).orElse("postgres");
        String password = Optional.ofNullable(System.getenv("TWEELING_DB_PASSWORD")).orElse("");
        return DriverManager.getConnection(dbUrl(), user, password);
    }

    // --- PostgreSQL --------------------------------------------------------------------------------

    private static Path pgData() {
        return Path.of(env("TWEELING_TEST_PG_DATA"));
    }

    private static String pgCtl() {
        return Path.of(env("TWEELING_TEST_PG_BIN"), "pg_ctl").toString();
    }

    /** True when the cluster accepts connections. */
    static boolean databaseUp() {
        try (Connection c = connect()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** {@code pg_ctl stop -m fast}, as postgres; the server options are kept in postmaster.opts for the start. */
    static void stopDatabase() {
        runAsPostgres(Duration.ofSeconds(70), pgCtl(), "-D", pgData().toString(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    /**
     * Starts the cluster again with the options it ran with (postmaster.opts: port, socket dir, fsync off, ...),
     * logging where {@code ./tweeling test} logs it, and waits until it accepts connections.
     */
    static void startDatabase() {
        List<String> opts = postmasterOptions();
        StringBuilder o = new StringBuilder();
        for (String a : opts) {
            o.append(o.length() == 0 ? "" : " ").append('\'').append(a.replace("'", "'\\''")).append('\'');
        }
        Path log = pgData().getParent().resolve("postgres.log");
        runAsPostgres(Duration.ofSeconds(70), pgCtl(), "-D", pgData().toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", o.toString(), "start");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!databaseUp()) {
            if (System.nanoTime() > deadline) {
                fail("PostgreSQL was started again but does not accept connections at " + dbUrl() + " within 30 s");
            }
            sleep(200);
        }
    }

    /** Makes sure the cluster runs (after a test that stopped it, even a failed one). */
    static void ensureDatabaseRunning() {
        if (!databaseUp()) {
            startDatabase();
        }
    }

    /** The server arguments after {@code -D dir} in postmaster.opts (each one quoted there). */
    private static List<String> postmasterOptions() {
        Path file = pgData().resolve("postmaster.opts");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            // as a fall-back, what ./tweeling test passes
            return List.of("-p", env("TWEELING_TEST_PG_PORT"), "-k", "", "-c", "listen_addresses=127.0.0.1",
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        }
        List<String> args = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
        while (m.find()) {
            args.add(m.group(1));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-D") && i + 1 < args.size()) {
                i++;
                continue;
            }
            out.add(args.get(i));
        }
        if (!out.contains("-p")) {
            out.add(0, env("TWEELING_TEST_PG_PORT"));
            out.add(0, "-p");
        }
        return out;
    }

    private static void runAsPostgres(Duration timeout, String... command) {
        List<String> cmd = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        cmd.addAll(root ? List.of("runuser", "-u", "postgres", "--") : List.of("sudo", "-n", "-u", "postgres", "--"));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).directory(Path.of("/").toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                fail(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            fail("cannot run " + String.join(" ", cmd) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while running " + String.join(" ", cmd));
        }
    }

    // --- Kafka ---------------------------------------------------------------------------------------

    private static Path kafkaDir() {
        return Path.of(env("TWEELING_TEST_KAFKA_DIR"));
    }

    private static Path kafkaPidFile() {
        return kafkaDir().resolve("kafka.pid");
    }

    static String kafkaHost() {
        return kafka().substring(0, kafka().lastIndexOf(':'));
    }

    static int kafkaPort() {
        return Integer.parseInt(kafka().substring(kafka().lastIndexOf(':') + 1));
    }

    static boolean portOpen(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The broker's process, from its pid file. */
    static Optional<ProcessHandle> broker() {
        try {
            long pid = Long.parseLong(Files.readString(kafkaPidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM to the broker (a clean shutdown), SIGKILL after 30 s; returns when its port is closed. */
    static void stopBroker() {
        ProcessHandle broker = broker().orElseThrow(() -> new AssertionError(
                "no live Kafka broker behind " + kafkaPidFile() + ": cannot restart it"));
        broker.destroy();
        try {
            broker.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            broker.destroyForcibly();
            try {
                broker.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception again) {
                fail("the Kafka broker (pid " + broker.pid() + ") did not stop, not even after SIGKILL");
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (portOpen(kafkaHost(), kafkaPort())) {
            if (System.nanoTime() > deadline) {
                fail("port " + kafkaPort() + " still accepts connections after the broker stopped");
            }
            sleep(100);
        }
    }

    /**
     * Starts the broker as {@code kafka_start} in src/main/sh/kafka.sh does (same java options, jars and
     * server.properties, output appended to kafka.log, pid in kafka.pid) and waits until its port accepts.
     */
    static void startBroker() {
        Path dir = kafkaDir();
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms128m", "-Xmx384m",
                "-Dvertx.disableURIValidation=true"));
        Path log4j = Path.of("src/main/kafka/log4j2.xml").toAbsolutePath();
        if (Files.exists(log4j)) {
            cmd.add("-Dlog4j2.configurationFile=" + log4j);
        }
        cmd.addAll(List.of("-cp", env("TWEELING_TEST_KAFKA_LIB") + "/*", "kafka.Kafka", dir.resolve("server.properties").toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            Files.writeString(kafkaPidFile(), p.pid() + "\n");
        } catch (IOException e) {
            throw new AssertionError("cannot start the Kafka broker: " + e, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!portOpen(kafkaHost(), kafkaPort())) {
            if (!p.isAlive()) {
                fail("the restarted Kafka broker exited with " + p.exitValue() + "; see " + dir.resolve("kafka.log"));
            }
            if (System.nanoTime() > deadline) {
                fail("the restarted Kafka broker does not accept connections on " + kafka() + " within 90 s; see "
                        + dir.resolve("kafka.log"));
            }
            sleep(200);
        }
    }

    /** Makes sure a broker runs (after a test that stopped it, even a failed one). */
    static void ensureBrokerRunning() {
        if (!portOpen(kafkaHost(), kafkaPort()) && broker().isEmpty()) {
            startBroker();
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A timestamped progress line in the test's output (target/failsafe-reports/<test>-output.txt). */
    static void say(String test, String message) {
        System.out.println(java.time.LocalTime.now().withNano(0) + " " + test + ": " + message);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
