package nl.tweeling.ingest.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces a list of messages to a topic from a background thread at a steady pace (so the app consumes
 * while the test breaks things), counting sends, acknowledgements and failures.
 */
final class Feeder implements AutoCloseable {

    /** A message: key and JSON value. */
    record Message(String key, String value) {
    }

    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
    private final KafkaProducer<String, String> producer = ObservationSet.producer();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable crashed;

    /** Sends {@code messages} to {@code topic} in chunks of {@code chunk}, spread evenly over {@code over}. */
    Feeder(String topic, List<Message> messages, int chunk, Duration over) {
        long chunks = Math.max(1, (messages.size() + chunk - 1) / chunk);
        long pauseNanos = over.toNanos() / chunks;
        thread = new Thread(() -> {
            try {
                long next = System.nanoTime();
                for (int i = 0; i < messages.size() && !stop; i++) {
                    Message m = messages.get(i);
                    producer.send(new ProducerRecord<>(topic, m.key(), m.value()), (meta, e) -> {
                        if (e == null) {
                            acked.incrementAndGet();
                        } else {
                            failures.add(e);
                        }
                    });
                    sent.incrementAndGet();
                    if ((i + 1) % chunk == 0) {
                        next += pauseNanos;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                }
                producer.flush();
            } catch (Throwable t) {
                crashed = t;
            }
        }, "reliability-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits until every message is acknowledged (acks=all); returns a problem description, or null when all
     * are.
     */
    String awaitAllAcked(int total, Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (crashed != null) {
            return "the producer thread failed: " + crashed;
        }
        if (thread.isAlive()) {
            return "the producer did not finish within " + timeout.toSeconds() + " s (" + sent.get() + " sent, "
                    + acked.get() + " acknowledged)";
        }
        if (!failures.isEmpty()) {
            return failures.size() + " sends failed, the first: " + failures.peek();
        }
        if (acked.get() != total) {
            return "only " + acked.get() + " of " + total + " messages were acknowledged";
        }
        return null;
    }

    @Override
    public void close() {
        stop = true;
        producer.close(Duration.ofSeconds(5));
    }
}
