package nl.tweeling.sta.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.ingest.DatastreamCatalog;
import nl.tweeling.ingest.IngestService;
import nl.tweeling.ingest.InvalidObservationException;
import nl.tweeling.ingest.ObservationMessage;
import nl.tweeling.ingest.kafka.KafkaTopics;
import nl.tweeling.ingest.kafka.ObservationProducer;
import nl.tweeling.platform.TweelingConfig;

/**
 * SensorThings MQTT create: observations that clients publish on {@code v1.1/Observations} or
 * {@code v1.1/Datastreams(<id>)/Observations} (and {@code v1.0/}) enter the ingest pipeline like any other:
 * validated ({@link IngestService#validate}), produced to the observation topic (acks=all), written
 * idempotently by the consumer. As {@code MqttSubscriber} does, each QoS-1 message is acknowledged (PUBACK)
 * only after Kafka took its observation, or its dead letter (reason, source {@code mqtt:<topic>}); until then
 * the persistent session keeps it.
 * <p>
 * No loop: the same topics carry the notifications this server publishes ({@link StaMqttPublisher}), and
 * those are Observations with an {@code @iot.id}. A message with an {@code @iot.id} names an entity that
 * exists: it is acknowledged and counted as ignored, never created (nor dead-lettered).
 */
@ApplicationScoped
public class StaMqttSubscriber {

    private static final Logger LOG = Logger.getLogger(StaMqttSubscriber.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);

    private record Received(MqttClient client, Context context, MqttPublishMessage message, String topic,
            byte[] payload, Instant at) {
    }

    @Inject
    StaMqttConfig config;

    @Inject
    TweelingConfig tweeling;

    @Inject
    Vertx vertx;

    @Inject
    IngestService ingest;

    @Inject
    DatastreamCatalog catalog;

    @Inject
    ObservationProducer producer;

    @Inject
    KafkaTopics topics;

    @Inject
    ObjectMapper json;

    private final LinkedBlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean running;
    private volatile boolean connected;
    private volatile MqttClient current;
    private Duration reconnectBackoff = MIN_BACKOFF;   // event loop
    private boolean reconnecting;                     // event loop
    private Thread worker;

    void start(@Observes @Priority(410) StartupEvent ev) {
        if (!config.create()) {
            return;
        }
        running = true;
        worker = new Thread(this::work, "tweeling-sta-mqtt-create");
        worker.setDaemon(true);
        worker.start();
        vertx.getOrCreateContext().runOnContext(v -> connect());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (!running) {
            return;
        }
        running = false;
        MqttClient c = current;
        current = null;
        if (c != null && c.isConnected()) {
            c.disconnect();
        }
        worker.interrupt();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True while connected and subscribed. */
    public boolean connected() {
        return connected;
    }

    /** Client messages that became observations in Kafka since start. */
    public long created() {
        return created.get();
    }

    /** Messages with an {@code @iot.id} (notifications, ours among them) acknowledged and left alone. */
    public long ignored() {
        return ignored.get();
    }

    /** Messages dead-lettered since start. */
    public long deadLettered() {
        return deadLettered.get();
    }

    // --- connection (event loop) ---

    private void connect() {
        if (!running) {
            return;
        }
        TweelingConfig.Mqtt m = tweeling.mqtt();
        MqttClientOptions o = new MqttClientOptions()
                .setClientId(config.clientId() + "-create")
                .setCleanSession(false)
                .setAutoKeepAlive(true)
                .setKeepAliveInterval((int) m.keepAlive().toSeconds())
                .setMaxMessageSize(Integer.MAX_VALUE)
                .setSsl(m.ssl());
        o.setAutoAck(false);
        m.username().ifPresent(o::setUsername);
        m.password().ifPresent(o::setPassword);
        MqttClient client = MqttClient.create(vertx, o);
        current = client;
        client.publishHandler(msg -> received(client, msg));
        client.closeHandler(v -> {
            if (current == client) {
                connected = false;
                if (running) {
                    LOG.warnf("SensorThings MQTT create lost %s:%d; reconnecting", m.host(), m.port());
                    later();
                }
            }
        });
        client.exceptionHandler(e -> LOG.debugf("SensorThings MQTT create: %s", e.toString()));
        client.connect(m.port(), m.host(), ar -> {
            if (ar.failed() || current != client) {
                if (ar.succeeded()) {
                    client.disconnect();
                } else {
                    LOG.warnf("SensorThings MQTT create cannot connect to %s:%d (%s); retrying", m.host(), m.port(),
                            ar.cause().getMessage());
                    later();
                }
                return;
            }
            Map<String, Integer> subscriptions = new LinkedHashMap<>();
            for (String version : StaObservations.VERSIONS) {
                subscriptions.put(version + "/Observations", 1);
                subscriptions.put(version + "/+/Observations", 1);
            }
            client.subscribe(subscriptions, sub -> {
                if (sub.failed()) {
                    client.disconnect();
                    return;
                }
                connected = true;
                reconnectBackoff = MIN_BACKOFF;
                LOG.infof("SensorThings MQTT create subscribed to %s on %s:%d", subscriptions.keySet(), m.host(), m.port());
            });
        });
    }

    private void later() {
        if (reconnecting) {
            return;
        }
        reconnecting = true;
        long delay = reconnectBackoff.toMillis();
        reconnectBackoff = grow(reconnectBackoff);
        vertx.setTimer(delay, id -> {
            reconnecting = false;
            connect();
        });
    }

    private void received(MqttClient client, MqttPublishMessage msg) {
        byte[] payload = msg.payload().length() > tweeling.mqtt().maxMessageSize() ? null : msg.payload().getBytes();
        queue.add(new Received(client, Vertx.currentContext(), msg, msg.topicName(), payload, Instant.now()));
    }

    // --- processing (worker thread) ---

    private void work() {
        Duration backoff = MIN_BACKOFF;
        while (running && !topics.ensure()) {
            sleep(backoff);
            backoff = grow(backoff);
        }
        List<Received> batch = new ArrayList<>();
        while (running) {
            try {
                Received first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, Math.max(0, tweeling.mqtt().maxBatch() - 1));
                process(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("SensorThings MQTT create failed on a batch; its messages stay unacknowledged", e);
            }
        }
    }

    /** Produces the batch's observations and dead letters (retrying while Kafka does not take them), then acks. */
    private void process(List<Received> batch) throws InterruptedException {
        Duration backoff = MIN_BACKOFF;
        int deadLettersSent = 0;
        while (running) {
            try {
                List<ObservationProducer.Message> messages = new ArrayList<>();
                List<Received> invalid = new ArrayList<>();
                List<String> reasons = new ArrayList<>();
                int notifications = 0;
                for (Received r : batch) {
                    try {
                        if (r.payload() == null) {
                            throw new InvalidObservationException("payload larger than tweeling.mqtt.max-message-size ("
                                    + tweeling.mqtt().maxMessageSize() + " bytes)");
                        }
                        ObservationMessage m = StaObservations.request(json, r.topic(), r.payload(), r.at());
                        ingest.validate(m, "mqtt", null);
                        // produced under the datastream's key, as every transport does (one partition per datastream)
                        String key = catalog.find(m.datastream()).map(DatastreamCatalog.Entry::key).orElse(m.datastream());
                        ObservationMessage keyed = new ObservationMessage(key, m.phenomenonTime(), m.result(),
                                m.resultJson(), m.quality(), m.lon(), m.lat());
                        messages.add(new ObservationProducer.Message(key, ingest.parser().toJson(keyed)));
                    } catch (StaObservations.NotARequest e) {
                        notifications++;
                    } catch (InvalidObservationException e) {
                        invalid.add(r);
                        reasons.add(e.getMessage());
                    }
                }
                if (!messages.isEmpty()) {
                    producer.sendAll(messages);
                }
                for (int i = deadLettersSent; i < invalid.size(); i++) {
                    Received r = invalid.get(i);
                    LOG.warnf("SensorThings MQTT message %d on %s rejected: %s", r.message().messageId(), r.topic(),
                            reasons.get(i));
                    byte[] letter = r.payload() != null ? r.payload()
                            : r.message().payload().getBytes(0, Math.min(1024, r.message().payload().length()));
                    producer.sendDeadLetter(r.topic(), letter, reasons.get(i), "mqtt:" + r.topic(), -1,
                            r.message().messageId());
                    deadLettersSent++;
                }
                if (!invalid.isEmpty()) {
                    ingest.rejected("mqtt", invalid.size());
                }
                created.addAndGet(messages.size());
                ignored.addAndGet(notifications);
                deadLettered.addAndGet(invalid.size());
                break;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.warnf("producing %d SensorThings MQTT message(s) to Kafka failed (%s); retrying in %d ms",
                        batch.size(), e.getMessage(), backoff.toMillis());
                sleep(backoff);
                backoff = grow(backoff);
            }
        }
        if (running) {
            acknowledge(batch);
        }
    }

    private void acknowledge(List<Received> batch) {
        for (Received r : batch) {
            if (r.message().qosLevel().value() == 0 || r.client() != current || !r.client().isConnected()) {
                continue;   // QoS 0 needs none; on a lost connection the broker delivers it again
            }
            r.context().runOnContext(v -> {
                if (r.client() == current && r.client().isConnected()) {
                    r.message().ack();
                }
            });
        }
    }

    private Duration grow(Duration d) {
        Duration next = d.multipliedBy(2);
        Duration max = tweeling.mqtt().maxBackoff();
        return next.compareTo(max) > 0 ? max : next;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
