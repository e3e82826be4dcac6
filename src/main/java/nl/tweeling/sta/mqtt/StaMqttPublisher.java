package nl.tweeling.sta.mqtt;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.push.CommittedObservation;
import nl.tweeling.push.CommittedPublisher;

/**
 * Publishes the observations this instance commits as SensorThings notifications (QoS 1): each on
 * {@code v1.1/Datastreams(<id>)/Observations}, {@code v1.1/Observations} and the two {@code v1.0/} topics.
 * Only the instance that stored an observation publishes it (it hears {@link CommittedPublisher.Committed},
 * fired after the change topic took the batch), so each is published once however many instances run.
 * <p>
 * Never holds ingestion up: a batch is queued (at most {@code tweeling.sta.mqtt.max-pending} messages, the
 * rest dropped and counted) and sent on the Vert.x event loop with up to {@link #IN_FLIGHT} unacknowledged
 * messages. While the broker is away messages wait in the queue; those in flight when a connection drops are
 * lost (a subscriber can read them from the API).
 */
@ApplicationScoped
public class StaMqttPublisher {

    private static final Logger LOG = Logger.getLogger(StaMqttPublisher.class);
    static final int IN_FLIGHT = 100;

    private record Outgoing(String topic, Buffer payload) {
    }

    @Inject
    StaMqttConfig config;

    @Inject
    TweelingConfig tweeling;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    private final ConcurrentLinkedQueue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running;
    private volatile MqttClient client;
    private volatile Context context;
    private volatile boolean connected;
    private int inFlight;            // event loop
    private Duration backoff = Duration.ofMillis(200);   // event loop
    private boolean reconnecting;    // event loop

    void start(@Observes StartupEvent ev) {
        if (!config.publish()) {
            return;
        }
        running = true;
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> connect());
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        MqttClient c = client;
        if (c != null && c.isConnected()) {
            c.disconnect();
        }
    }

    /** Messages the broker acknowledged since start. */
    public long published() {
        return published.get();
    }

    /** Messages dropped because too many waited. */
    public long dropped() {
        return dropped.get();
    }

    /** True while connected to the broker. */
    public boolean connected() {
        return connected;
    }

    /** Queues a committed batch (called on the consumer's thread, after the change topic took it). */
    void committed(@Observes CommittedPublisher.Committed batch) {
        if (!running) {
            return;
        }
        for (CommittedObservation o : batch.observations()) {
            for (String version : StaObservations.VERSIONS) {
                Buffer payload;
                try {
                    payload = Buffer.buffer(json.writeValueAsBytes(
                            StaObservations.notification(json, o, config.publicUrl(), version)));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                for (String topic : StaObservations.topics(version, o.datastreamId())) {
                    if (queued.incrementAndGet() > config.maxPending()) {
                        queued.decrementAndGet();
                        if (dropped.incrementAndGet() % 1000 == 1) {
                            LOG.warnf("SensorThings MQTT: more than %d messages wait for the broker; dropping (%d so far)",
                                    config.maxPending(), dropped.get());
                        }
                        continue;
                    }
                    queue.add(new Outgoing(topic, payload));
                }
            }
        }
        context.runOnContext(v -> pump());
    }

    // --- event loop ---

    private void pump() {
        MqttClient c = client;
        while (connected && c != null && inFlight < IN_FLIGHT) {
            Outgoing o = queue.poll();
            if (o == null) {
                return;
            }
            queued.decrementAndGet();
            inFlight++;
            c.publish(o.topic(), o.payload(), MqttQoS.AT_LEAST_ONCE, false, false).onFailure(e -> {
                inFlight--;
                LOG.debugf("SensorThings MQTT publish on %s failed: %s", o.topic(), e.toString());
            });
        }
    }

    private void connect() {
        if (!running) {
            return;
        }
        TweelingConfig.Mqtt m = tweeling.mqtt();
        MqttClientOptions o = new MqttClientOptions()
                .setClientId(config.clientId() + "-pub-" + UUID.randomUUID().toString().substring(0, 8))
                .setCleanSession(true)
                .setAutoKeepAlive(true)
                .setKeepAliveInterval((int) m.keepAlive().toSeconds())
                .setMaxInflightQueue(IN_FLIGHT)
                .setMaxMessageSize(Integer.MAX_VALUE)
                .setSsl(m.ssl());
        m.username().ifPresent(o::setUsername);
        m.password().ifPresent(o::setPassword);
        MqttClient c = MqttClient.create(vertx, o);
        client = c;
        c.publishCompletionHandler(id -> {
            inFlight--;
            published.incrementAndGet();
            pump();
        });
        c.publishCompletionExpirationHandler(id -> {
            inFlight--;
            pump();
        });
        c.closeHandler(v -> {
            connected = false;
            inFlight = 0;
            if (running && client == c) {
                LOG.warnf("SensorThings MQTT publisher lost %s:%d; reconnecting", m.host(), m.port());
                later();
            }
        });
        c.exceptionHandler(e -> LOG.debugf("SensorThings MQTT publisher: %s", e.toString()));
        c.connect(m.port(), m.host(), ar -> {
            if (ar.failed()) {
                LOG.warnf("SensorThings MQTT publisher cannot connect to %s:%d (%s); retrying in %d ms", m.host(),
                        m.port(), ar.cause().getMessage(), backoff.toMillis());
                later();
                return;
            }
            connected = true;
            backoff = Duration.ofMillis(200);
            LOG.infof("SensorThings MQTT publisher connected to %s:%d", m.host(), m.port());
            pump();
        });
    }

    private void later() {
        if (reconnecting) {
            return;   // a failed connect may report its failure and a close
        }
        reconnecting = true;
        long delay = backoff.toMillis();
        Duration next = backoff.multipliedBy(2);
        backoff = next.compareTo(tweeling.mqtt().maxBackoff()) > 0 ? tweeling.mqtt().maxBackoff() : next;
        vertx.setTimer(delay, id -> {
            reconnecting = false;
            connect();
        });
    }
}
