package nl.tweeling.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.platform.TweelingConfig;

/**
 * Produces observation messages (keyed by datastream, so each datastream stays ordered in its partition)
 * and dead letters. One thread-safe producer per app instance, created on first use.
 */
@ApplicationScoped
public class ObservationProducer {

    /** A message to produce: its key (datastream) and JSON bytes. */
    public record Message(String key, byte[] value) {
    }

    /**
     * The largest message (key + value bytes) produced: below the producer's {@code max.request.size}
     * ({@link #MAX_REQUEST_BYTES}) and the broker's default {@code message.max.bytes} (1,048,588) with room
     * for the record batch's own bytes. A larger one is refused by the producer or the broker on every
     * attempt, so the HTTP adapter answers it with a 413 before producing anything.
     */
    public static final int MAX_MESSAGE_BYTES = 1_000_000;

    /** The producer's {@code max.request.size}, set explicitly (KafkaSettings) so the limit above stays below it. */
    public static final int MAX_REQUEST_BYTES = 1_048_576;

    /** The bytes of {@code m} as a message: its key in UTF-8 and its value. */
    public static long size(Message m) {
        return (m.key() == null ? 0 : m.key().getBytes(StandardCharsets.UTF_8).length) + (long) m.value().length;
    }

    @Inject
    KafkaSettings settings;

    @Inject
    TweelingConfig config;

    private volatile KafkaProducer<String, byte[]> producer;

    /**
     * Sends all messages and waits until the broker acknowledged each (acks=all).
     *
     * @throws TweelingException 503 when the broker did not acknowledge them in time; 413 when it refused one
     *                           as too large (which no retry changes)
     */
    public void sendAll(List<Message> messages) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(messages.size());
        try {
            for (Message m : messages) {
                acks.add(producer().send(new ProducerRecord<>(config.ingest().topic(), m.key(), m.value())));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TweelingException.unavailable("Interrupted while waiting for the broker; retry the request.");
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof RecordTooLargeException) {
                // refused for good (a broker configured below MAX_MESSAGE_BYTES): retrying cannot help
                throw TweelingException.tooLarge("An observation is larger than the message broker takes; "
                        + "split or shorten it.");
            }
            throw TweelingException.unavailable("The message broker did not accept the observations; retry later.");
        }
    }

    /** Sends a dead letter with its reason and origin in headers, and waits for the acknowledgement. */
    public void sendDeadLetter(String key, byte[] value, String reason, String topic, int partition, long offset)
            throws ExecutionException, InterruptedException, TimeoutException {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(config.ingest().dlqTopic(), key, value);
        r.headers().add(new RecordHeader("tweeling.reason", reason.getBytes(StandardCharsets.UTF_8)));
        r.headers().add(new RecordHeader("tweeling.source.topic", topic.getBytes(StandardCharsets.UTF_8)));
        r.headers().add(new RecordHeader("tweeling.source.partition",
                Integer.toString(partition).getBytes(StandardCharsets.UTF_8)));
        r.headers().add(new RecordHeader("tweeling.source.offset",
                Long.toString(offset).getBytes(StandardCharsets.UTF_8)));
        producer().send(r).get(30, TimeUnit.SECONDS);
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(settings.producer());
                }
                p = producer;
            }
        }
        return p;
    }

    void close(@Observes ShutdownEvent ev) {
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }
}
