package nl.tweeling.ingest.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;

/** Publishing to the test Mosquitto that {@code ./tweeling test} started, with {@code mosquitto_pub}. */
final class MqttTestSupport {

    private MqttTestSupport() {
    }

    static int port() {
        return ConfigProvider.getConfig().getValue("tweeling.mqtt.port", Integer.class);
    }

    /** Waits until the app's subscriber is connected and subscribed (messages before that are not for it). */
    static void awaitSubscribed(MqttSubscriber subscriber) {
        await().atMost(Duration.ofSeconds(30)).until(subscriber::connected);
    }

    /** Publishes each line as one QoS-1 message on {@code topic}, as fast as mosquitto_pub sends; waits until it exits. */
    static void publishLines(String topic, List<String> lines) throws IOException, InterruptedException {
        Path input = Files.createTempFile("mqtt-lines", ".txt");
        Path log = Files.createTempFile("mosquitto_pub", ".log");
        try {
            Files.write(input, lines, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port()),
                    "-q", "1", "-t", topic, "-l")
                    .redirectInput(input.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "mosquitto_pub did not finish");
            assertEquals(0, p.exitValue(), () -> "mosquitto_pub failed: " + read(log));
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
