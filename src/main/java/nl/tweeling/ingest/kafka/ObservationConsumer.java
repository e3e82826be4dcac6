package nl.tweeling.ingest.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.ingest.IngestService;
import nl.tweeling.ingest.InvalidObservationException;
import nl.tweeling.ingest.Observation;
import nl.tweeling.ingest.ObservationMessage;
import nl.tweeling.ingest.ObservationParser;
import nl.tweeling.ingest.ObservationRepository;
import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.push.CommittedPublisher;

/**
 * Drains {@code tweeling.observations} into PostGIS with at-least-once delivery and idempotent writes:
 * each poll becomes one database transaction; offsets are committed only after it commits. Messages that
 * cannot become observations go to the dead-letter topic with the reason, and the stream goes on. What a
 * batch stored is published to the change topic ({@link CommittedPublisher}) before the offsets are committed. While
 * the database is unreachable the batch is re-read after a growing back-off, so nothing is lost.
 * Concurrency follows partitions: each instance runs {@code tweeling.ingest.consumer.threads} consumers
 * in the group, and several app instances share the partitions the same way.
 */
@ApplicationScoped
public class ObservationConsumer {

    private static final Logger LOG = Logger.getLogger(ObservationConsumer.class);

    @Inject
    TweelingConfig config;

    @Inject
    KafkaSettings settings;

    @Inject
    KafkaTopics topics;

    @Inject
    IngestService ingest;

    @Inject
    ObservationProducer producer;

    @Inject
    CommittedPublisher committed;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    private volatile boolean running;
    private final List<KafkaConsumer<ByteBuffer, ByteBuffer>> consumers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong committedBatches = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<Integer, AtomicLong> lags = new java.util.concurrent.ConcurrentHashMap<>();

    void start(@Observes @Priority(300) StartupEvent ev) {
        if (!config.ingest().consumer().enabled()) {
            LOG.info("observation consumer disabled (tweeling.ingest.consumer.enabled=false)");
            return;
        }
        running = true;
        int n = Math.max(1, config.ingest().consumer().threads());
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(this::run, "tweeling-observation-consumer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Batches committed since start (for tests and diagnostics). */
    public long committedBatches() {
        return committedBatches.get();
    }

    /**
     * One consumer thread: its own {@link KafkaConsumer} in the group (so it owns some of the partitions)
     * and its own database transactions; poll → parse and validate → write → commit offsets, serially.
     */
    private void run() {
        Duration backoff = Duration.ofMillis(200);
        while (running && !topics.ensure()) {
            sleep(backoff);
            backoff = grow(backoff);
        }
        if (!running) {
            return;
        }
        try (KafkaConsumer<ByteBuffer, ByteBuffer> c = new KafkaConsumer<>(consumerProperties())) {
            consumers.add(c);
            if (!running) {
                return;
            }
            c.subscribe(List.of(config.ingest().topic()));
            LOG.infof("observation consumer started on %s (group %s, %s)", config.ingest().topic(),
                    config.ingest().consumer().group(), Thread.currentThread().getName());
            backoff = Duration.ofMillis(200);
            Map<TopicPartition, String> sources = new HashMap<>();
            while (running) {
                ConsumerRecords<ByteBuffer, ByteBuffer> records = c.poll(config.ingest().consumer().pollTimeout());
                recordLag(c);
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    process(c, records, sources);
                    backoff = Duration.ofMillis(200);
                } catch (WakeupException e) {
                    throw e;
                } catch (Exception e) {
                    // nothing was committed: re-read the same records after a pause
                    LOG.warnf("writing %d observation messages failed (%s); retrying in %d ms", records.count(),
                            e.getMessage(), backoff.toMillis());
                    rewind(c, records);
                    sleep(backoff);
                    backoff = grow(backoff);
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("observation consumer stopped", e);
        }
    }

    private void process(KafkaConsumer<ByteBuffer, ByteBuffer> c, ConsumerRecords<ByteBuffer, ByteBuffer> records,
            Map<TopicPartition, String> sources) throws Exception {
        Instant now = Instant.now();
        ObservationParser parser = ingest.parser();
        List<ConsumerRecord<ByteBuffer, ByteBuffer>> accepted = new ArrayList<>(records.count());
        int[] from = new int[records.count() + 1];   // accepted record i holds batch[from[i], from[i + 1])
        List<Observation> batch = new ArrayList<>(records.count());
        List<ConsumerRecord<ByteBuffer, ByteBuffer>> bad = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (TopicPartition tp : records.partitions()) {
            String source = sources.computeIfAbsent(tp, p -> "kafka:" + p.topic() + "/" + p.partition());
            for (ConsumerRecord<ByteBuffer, ByteBuffer> r : records.records(tp)) {
                int start = batch.size();
                try {
                    ByteBuffer v = r.value();
                    if (v == null) {
                        throw new InvalidObservationException("empty message");
                    }
                    List<ObservationMessage> messages = v.hasArray()
                            ? parser.parseAll(v.array(), v.arrayOffset() + v.position(), v.remaining(), now)
                            : parser.parseAll(bytes(v), now);
                    Long offset = r.offset();
                    for (int k = 0, n = messages.size(); k < n; k++) {
                        batch.add(ingest.validate(messages.get(k), source, offset));
                    }
                    from[accepted.size()] = start;
                    accepted.add(r);
                } catch (InvalidObservationException e) {
                    batch.subList(start, batch.size()).clear();   // a message is stored whole or not at all
                    bad.add(r);
                    reasons.add(e.getMessage());
                }
            }
        }
        from[accepted.size()] = batch.size();
        List<ObservationRepository.Stored> stored = new ArrayList<>();
        try {
            stored.addAll(ingest.write(batch, "kafka").stored());
        } catch (SQLException e) {
            if (!rejectedByData(e)) {
                throw e;
            }
            // one message holds data the database refuses: write message by message, dead-letter the refused
            for (int i = 0; i < accepted.size(); i++) {
                try {
                    stored.addAll(ingest.write(batch.subList(from[i], from[i + 1]), "kafka").stored());
                } catch (SQLException single) {
                    if (!rejectedByData(single)) {
                        throw single;
                    }
                    bad.add(accepted.get(i));
                    reasons.add("rejected by the database (SQLSTATE " + single.getSQLState() + ")");
                }
            }
        }
        for (int i = 0; i < bad.size(); i++) {
            ConsumerRecord<ByteBuffer, ByteBuffer> r = bad.get(i);
            LOG.warnf("dead letter from %s/%d@%d: %s", r.topic(), r.partition(), r.offset(), reasons.get(i));
            producer.sendDeadLetter(r.key() == null ? null : new String(bytes(r.key()), StandardCharsets.UTF_8), bytes(r.value()),
                    reasons.get(i), r.topic(), r.partition(), r.offset());
        }
        ingest.rejected("kafka", bad.size());
        // committed: listeners get it before the offsets move on (a failure here re-reads the batch, whose
        // rewrite reports the same rows again), so a crash or a broker hiccup never loses it for them
        committed.publish(stored);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<ByteBuffer, ByteBuffer>> part = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
        }
        c.commitSync(offsets);
        committedBatches.incrementAndGet();
    }

    /**
     * The group's consumer settings, with keys and values as views of the fetched bytes (no copy per
     * message; they stay valid after later polls). The key (the datastream) is only read for dead letters.
     */
    private Map<String, Object> consumerProperties() {
        Map<String, Object> p = settings.consumer();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class);
        return p;
    }

    /** A copy of the remaining bytes of {@code b} (null stays null), leaving its position alone. */
    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /**
     * True for errors caused by the data itself (SQLSTATE class 22 data exception, 23 integrity violation):
     * retrying cannot help, so the message is dead-lettered. Anything else (connection lost, database down)
     * is retried.
     */
    static boolean rejectedByData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** Publishes the consumer lag of each assigned partition as a gauge (tag: partition number). */
    private void recordLag(KafkaConsumer<ByteBuffer, ByteBuffer> c) {
        for (TopicPartition tp : c.assignment()) {
            java.util.OptionalLong lag = c.currentLag(tp);
            if (lag.isPresent()) {
                lags.computeIfAbsent(tp.partition(), p -> {
                    AtomicLong value = new AtomicLong();
                    io.micrometer.core.instrument.Gauge.builder("tweeling.ingest.consumer.lag", value, AtomicLong::get)
                            .description("Observations in the Kafka topic not yet consumed by this instance, by partition")
                            .tag("partition", Integer.toString(p)).register(metrics);
                    return value;
                }).set(lag.getAsLong());
            }
        }
    }

    private static void rewind(KafkaConsumer<ByteBuffer, ByteBuffer> c, ConsumerRecords<ByteBuffer, ByteBuffer> records) {
        for (TopicPartition tp : records.partitions()) {
            try {
                c.seek(tp, records.records(tp).get(0).offset());
            } catch (IllegalStateException e) {
                // partition no longer assigned: its new owner resumes from the committed offset
            }
        }
    }

    private Duration grow(Duration d) {
        Duration next = d.multipliedBy(2);
        return next.compareTo(config.ingest().consumer().maxBackoff()) > 0 ? config.ingest().consumer().maxBackoff() : next;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
