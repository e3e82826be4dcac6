package nl.tweeling.ingest.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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

import nl.tweeling.ingest.IngestService;
import nl.tweeling.ingest.InvalidObservationException;
import nl.tweeling.ingest.ObservationMessage;
import nl.tweeling.ingest.kafka.KafkaTopics;
import nl.tweeling.ingest.kafka.ObservationProducer;
import nl.tweeling.platform.TweelingConfig;

/**
 * MQTT ingestion with at-least-once delivery: subscribes to the mapped topics with QoS 1 and manual
 * acknowledgement, turns each PUBLISH into observations ({@link TopicMapping}), produces them to Kafka
 * (acks=all) and only then sends the PUBACK. A message that cannot become observations goes to the
 * dead-letter topic with the reason (source topic {@code mqtt:<topic>}, partition -1, offset = MQTT message
 * id) and is acknowledged after that send was acknowledged. Until then the broker keeps the message: the
 * session is persistent (clean session false, a stable client id), so after a reconnect it is delivered again.
 * <p>
 * Threads: the Vert.x event loop only queues received messages and sends PUBACKs; one worker thread drains
 * the queue in batches (all messages waiting, up to {@code max-batch}), so messages stay in arrival order per
 * topic and PUBACKs go out in arrival order. While Kafka does not accept, the batch is retried after a growing
 * back-off; the broker's in-flight window then stops further deliveries. When the broker goes away the client
 * reconnects with a growing back-off.
 */
@ApplicationScoped
public class MqttSubscriber {

    private static final Logger LOG = Logger.getLogger(MqttSubscriber.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);

    /**
     * A received PUBLISH, with the connection it came on (a PUBACK is only valid on that connection); {@code at}
     * is null for a payload over the size limit (then {@code payload} holds its start).
     */
    private record Received(MqttClient client, Context context, MqttPublishMessage message, String topic, byte[] payload,
            int messageId, int qos, Instant at) {
    }

    @Inject
    TweelingConfig config;

    @Inject
    Vertx vertx;

    @Inject
    IngestService ingest;

    @Inject
    ObservationProducer producer;

    @Inject
    KafkaTopics topics;

    @Inject
    ObjectMapper json;

    private List<TopicMapping> mappings;
    private final LinkedBlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private volatile MqttClient current;
    private volatile boolean connected;
    private Duration reconnectBackoff = MIN_BACKOFF;
    private boolean reconnectPending;   // event loop only
    private Thread worker;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    void start(@Observes @Priority(400) StartupEvent ev) {
        TweelingConfig.Mqtt c = config.mqtt();
        if (!c.enabled()) {
            return;
        }
        mappings = mappings(c);
        if (mappings.isEmpty()) {
            LOG.warn("MQTT ingestion is enabled but tweeling.mqtt.mappings is empty: nothing to subscribe to");
            return;
        }
        running = true;
        worker = new Thread(this::work, "tweeling-mqtt-ingest");
        worker.setDaemon(true);
        worker.start();
        connect();
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
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True while connected to the broker and subscribed. */
    public boolean connected() {
        return connected;
    }

    /** Messages acknowledged to the broker since start (observations produced, or dead-lettered). */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Messages sent to the dead-letter topic since start. */
    public long deadLettered() {
        return deadLettered.get();
    }

    static List<TopicMapping> mappings(TweelingConfig.Mqtt c) {
        List<TopicMapping> out = new ArrayList<>();
        for (TweelingConfig.Mqtt.Mapping m : c.mappings()) {
            out.add(TopicMapping.of(m.topic(), m.format(), m.datastream(), new HashSet<>(m.fields().orElse(List.of()))));
        }
        return out;
    }

    // --- connection (event loop) ------------------------------------------------------------------

    private void connect() {
        if (!running) {
            return;
        }
        TweelingConfig.Mqtt c = config.mqtt();
        MqttClientOptions o = new MqttClientOptions()
                .setClientId(c.clientId())
                .setCleanSession(false)
                .setAutoKeepAlive(true)
                .setKeepAliveInterval((int) c.keepAlive().toSeconds())
                // the size limit is checked on receipt instead: Netty 4.1.133's MqttDecoder rejects a PUBLISH whose
                // variable header arrives split over two reads unless its limit is the largest int (netty#16776)
                .setMaxMessageSize(Integer.MAX_VALUE)
                .setSsl(c.ssl());
        o.setAutoAck(false);
        c.username().ifPresent(o::setUsername);
        c.password().ifPresent(o::setPassword);
        MqttClient client = MqttClient.create(vertx, o);
        current = client;
        client.publishHandler(msg -> received(client, msg));
        client.closeHandler(v -> {
            if (current == client) {
                connected = false;
                if (running) {
                    LOG.warnf("MQTT connection to %s:%d lost; reconnecting", c.host(), c.port());
                    reconnectLater();
                }
            }
        });
        client.exceptionHandler(e -> LOG.warnf("MQTT client: %s", e.toString()));
        client.connect(c.port(), c.host(), ar -> {
            if (ar.failed() || current != client) {
                if (ar.succeeded()) {
                    client.disconnect();   // superseded by a newer attempt
                } else if (current == client) {
                    LOG.warnf("cannot connect to the MQTT broker at %s:%d (%s); retrying in %d ms", c.host(), c.port(),
                            ar.cause() == null ? "superseded" : ar.cause().getMessage(), reconnectBackoff.toMillis());
                    reconnectLater();
                }
                return;
            }
            Map<String, Integer> subscriptions = new LinkedHashMap<>();
            for (TopicMapping m : mappings) {
                subscriptions.put(m.topic(), 1);
            }
            client.subscribe(subscriptions, sub -> {
                if (sub.failed()) {
                    LOG.warnf("MQTT subscribe failed (%s); reconnecting", String.valueOf(sub.cause()));
                    client.disconnect();
                    return;
                }
                connected = true;
                reconnectBackoff = MIN_BACKOFF;
                LOG.infof("MQTT ingestion connected to %s:%d as %s, subscribed to %s (session %s)", c.host(), c.port(),
                        c.clientId(), subscriptions.keySet(), ar.result().isSessionPresent() ? "resumed" : "new");
            });
        });
    }

    private void reconnectLater() {
        if (reconnectPending) {
            return;   // a failed connect may report both its failure and a close
        }
        reconnectPending = true;
        long delay = reconnectBackoff.toMillis();
        reconnectBackoff = grow(reconnectBackoff);
        vertx.setTimer(delay, id -> {
            reconnectPending = false;
            connect();
        });
    }

    private void received(MqttClient client, MqttPublishMessage msg) {
        if (msg.payload().length() > config.mqtt().maxMessageSize()) {
            queue.add(new Received(client, Vertx.currentContext(), msg, msg.topicName(),
                    msg.payload().getBytes(0, Math.min(msg.payload().length(), 1024)), msg.messageId(), msg.qosLevel().value(),
                    null));
            return;
        }
        queue.add(new Received(client, Vertx.currentContext(), msg, msg.topicName(), msg.payload().getBytes(),
                msg.messageId(), msg.qosLevel().value(), Instant.now()));
    }

    // --- processing (worker thread) ---------------------------------------------------------------

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
                queue.drainTo(batch, Math.max(0, config.mqtt().maxBatch() - 1));
                process(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("MQTT ingestion failed on a batch; its messages stay unacknowledged", e);
            }
        }
    }

    /**
     * Produces the batch's observations and dead letters, then acknowledges its messages. Any failure other
     * than an invalid message (Kafka or the datastream catalog unreachable) retries the whole batch after a
     * growing back-off: a redelivered observation is a duplicate, which the idempotent write absorbs.
     */
    private void process(List<Received> batch) throws InterruptedException {
        Duration backoff = MIN_BACKOFF;
        int deadLettersSent = 0;
        while (running) {
            try {
                List<ObservationProducer.Message> messages = new ArrayList<>();
                List<Received> invalid = new ArrayList<>();
                List<String> reasons = new ArrayList<>();
                for (Received r : batch) {
                    try {
                        List<ObservationProducer.Message> own = new ArrayList<>();
                        for (ObservationMessage m : observations(r)) {
                            ingest.validate(m, "mqtt", null);
                            own.add(new ObservationProducer.Message(m.datastream(), ingest.parser().toJson(m)));
                        }
                        messages.addAll(own);
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
                    LOG.warnf("MQTT message %d on %s rejected: %s", r.messageId(), r.topic(), reasons.get(i));
                    producer.sendDeadLetter(r.topic(), r.payload(), reasons.get(i), "mqtt:" + r.topic(), -1, r.messageId());
                    deadLettersSent++;
                }
                if (!invalid.isEmpty()) {
                    ingest.rejected("mqtt", invalid.size());
                    deadLettered.addAndGet(invalid.size());
                }
                break;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.warnf("producing %d MQTT message(s) to Kafka failed (%s); retrying in %d ms", batch.size(),
                        e.getMessage(), backoff.toMillis());
                sleep(backoff);
                backoff = grow(backoff);
            }
        }
        if (running) {
            acknowledge(batch);
        }
    }

    private List<ObservationMessage> observations(Received r) throws InvalidObservationException {
        if (r.at() == null) {
            throw new InvalidObservationException("payload larger than tweeling.mqtt.max-message-size ("
                    + config.mqtt().maxMessageSize() + " bytes); its first 1024 bytes are kept");
        }
        TopicMapping m = TopicMapping.find(mappings, r.topic());
        if (m == null) {
            throw new InvalidObservationException("no tweeling.mqtt.mappings entry matches topic " + r.topic());
        }
        return m.map(ingest.parser(), json, r.topic(), r.payload(), r.at());
    }

    /** PUBACKs in arrival order, on the connection each message came on; a lost connection redelivers instead. */
    private void acknowledge(List<Received> batch) {
        for (Received r : batch) {
            if (r.qos() == 0) {
                acknowledged.incrementAndGet();
                continue;
            }
            if (r.client() != current || !r.client().isConnected()) {
                continue;   // the broker delivers it again on the new connection
            }
            r.context().runOnContext(v -> {
                if (r.client() == current && r.client().isConnected()) {
                    r.message().ack();
                    acknowledged.incrementAndGet();
                }
            });
        }
    }

    private Duration grow(Duration d) {
        Duration next = d.multipliedBy(2);
        Duration max = config.mqtt().maxBackoff();
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
