package nl.tweeling.ingest.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import jakarta.inject.Inject;

import nl.tweeling.support.TestDatabase;

/**
 * The test's Mosquitto is restarted (SIGTERM, start again) in the middle of a QoS-1 stream: the app's
 * subscriber reconnects and resumes its persistent session, the publisher re-sends what the broker had not
 * acknowledged, and every message lands in PostGIS exactly once.
 */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(MqttBrokerRestartTest.OwnBroker.class)
class MqttBrokerRestartTest {

    /**
     * This test restarts a Mosquitto of its own (persistent, on a free port, in a temp dir) rather than the
     * shared test broker, so the other MQTT tests are not affected; the app subscribes to it under its own
     * client id.
     */
    public static class OwnBroker implements io.quarkus.test.junit.QuarkusTestProfile {
        static Path dir;
        static int port;

        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            try {
                if (dir == null) {
                    dir = Files.createTempDirectory("tweeling-mqtt-restart");
                    dir.toFile().setWritable(true, false);
                    dir.toFile().setExecutable(true, false);
                    Path data = Files.createDirectories(dir.resolve("data"));
                    data.toFile().setWritable(true, false);   // started as root, Mosquitto runs as its own user
                    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                        port = s.getLocalPort();
                    }
                    Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                            + "persistence true\npersistence_location " + data + "/\nmax_queued_messages 0\nlog_dest stdout\n");
                    start(dir);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot start a Mosquitto for MqttBrokerRestartTest: " + e, e);
            }
            return java.util.Map.of("tweeling.mqtt.port", Integer.toString(port), "tweeling.mqtt.client-id", "tweeling-restart-test");
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void stopBroker() throws Exception {
        if (OwnBroker.dir != null) {
            long pid = Long.parseLong(Files.readString(OwnBroker.dir.resolve("mosquitto.pid")).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    static Process start(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        Files.writeString(dir.resolve("mosquitto.pid"), p.pid() + "\n", StandardCharsets.UTF_8);
        // the profile may start it in another class loader than the one @AfterAll reads OwnBroker.dir in: the
        // test JVM's end stops it in any case, so no Mosquitto outlives the suite
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-test-mosquitto"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", OwnBroker.port)) {
                return p;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("Mosquitto did not listen on port " + OwnBroker.port + "; see " + dir.resolve("mosquitto.log"));
                }
                Thread.sleep(100);
            }
        }
    }

    static final int MESSAGES = 3_000;
    static final int WINDOW = 10;

    @Inject
    MqttSubscriber subscriber;

    @Test
    void aBrokerRestartMidStreamLosesNothing() throws Exception {
        Path dir = OwnBroker.dir;
        String key = TestDatabase.newDatastream("traffic_count");
        long id = TestDatabase.datastreamId(key);
        String topic = "test/tweeling/restart/" + UUID.randomUUID();
        Instant base = Instant.parse("2026-05-02T00:00:00Z");
        MqttTestSupport.awaitSubscribed(subscriber);

        Vertx vertx = Vertx.vertx();
        Publisher publisher = new Publisher(vertx);
        int restartAt = MESSAGES / 3;
        int restarts = 0;
        try {
            for (int from = 0; from < MESSAGES; from += WINDOW) {
                if (from >= restartAt && restarts == 0) {
                    restartBroker(dir);
                    restarts++;
                }
                int to = Math.min(MESSAGES, from + WINDOW);
                // a window of QoS-1 messages, re-sent whole until the broker acknowledged all of it
                // (a re-sent message the broker had already taken is a duplicate, which changes nothing)
                while (!publisher.sendAll(topic, key, base, from, to)) {
                    Thread.sleep(100);
                }
            }
        } finally {
            publisher.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        System.out.printf("MQTT broker restart: %d messages, %d re-sent windows%n", MESSAGES, publisher.resent);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id) >= MESSAGES);
        assertEquals(MESSAGES, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", id));
        assertEquals((long) MESSAGES * (MESSAGES - 1) / 2, ((Number) TestDatabase.scalar(
                "SELECT sum(result) FROM tweeling.observation WHERE datastream_id = ?", id)).longValue());
        assertEquals(0L, TestDatabase.count("SELECT coalesce(sum(corrections), 0) FROM tweeling.observation WHERE datastream_id = ?", id));
        assertTrue(subscriber.connected(), "the subscriber is connected again");
    }

    /** SIGTERM (Mosquitto saves its sessions and queued messages), then the same broker on the same port again. */
    static void restartBroker(Path dir) throws Exception {
        Path pidFile = dir.resolve("mosquitto.pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle old = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the test Mosquitto (pid " + pid + ") is not running"));
        old.destroy();
        old.onExit().get(15, TimeUnit.SECONDS);
        Thread.sleep(500);
        Process p = start(dir);
        System.out.printf("MQTT broker restart: Mosquitto %d stopped, %d listening again%n", pid, p.pid());
    }

    /** A QoS-1 publisher that reconnects when the broker went away. */
    static final class Publisher {
        final Vertx vertx;
        MqttClient client;
        final Set<Integer> acked = ConcurrentHashMap.newKeySet();
        int resent;

        Publisher(Vertx vertx) {
            this.vertx = vertx;
        }

        /** Sends messages [from, to) and waits for their PUBACKs; false when the connection failed (send again). */
        boolean sendAll(String topic, String key, Instant base, int from, int to) {
            try {
                if (client == null || !client.isConnected()) {
                    connect();
                }
                Set<Integer> ids = new HashSet<>();
                acked.clear();
                for (int i = from; i < to; i++) {
                    String json = "{\"datastream\":\"" + key + "\",\"phenomenonTime\":\"" + base.plusSeconds(i) + "\",\"result\":" + i + "}";
                    int messageId = client.publish(topic, Buffer.buffer(json), MqttQoS.AT_LEAST_ONCE, false, false)
                            .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                    ids.add(messageId);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!acked.containsAll(ids)) {
                    if (System.nanoTime() > deadline || !client.isConnected()) {
                        throw new IOException("PUBACKs missing");
                    }
                    Thread.sleep(1);
                }
                return true;
            } catch (Exception e) {
                resent++;
                if (client != null) {
                    try {
                        client.disconnect();
                    } catch (RuntimeException ignored) {
                        // already closed
                    }
                }
                client = null;
                return false;
            }
        }

        private void connect() throws Exception {
            MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId("restart-publisher-" + UUID.randomUUID())
                    .setCleanSession(true).setMaxInflightQueue(WINDOW * 2));
            c.publishCompletionHandler(acked::add);
            c.connect(OwnBroker.port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            client = c;
        }

        void close() {
            if (client != null && client.isConnected()) {
                client.disconnect();
            }
        }
    }
}
