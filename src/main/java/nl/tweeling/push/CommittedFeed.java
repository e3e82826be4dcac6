package nl.tweeling.push;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.ingest.kafka.KafkaSettings;
import nl.tweeling.ingest.kafka.KafkaTopics;

/**
 * This instance's reader of the change topic: one consumer outside any group that is assigned every
 * partition and starts at the end, so every instance sees every committed observation, whichever instance
 * stored it. It fans each one out in memory to the listeners (open streams) in topic order, with the
 * {@link Position} after it, and gives them a heartbeat every {@code tweeling.push.heartbeat}.
 * <p>
 * Listeners are called on the feed's thread and must not block (a stream only queues the event for its
 * connection); {@link #subscribe} is atomic with the fan-out, so a listener gets exactly the messages from the
 * returned position on.
 * <p>
 * The topic is at least once (a re-read batch is published again); the feed passes on only each value's first
 * publication ({@link FirstPublications}, the last {@code tweeling.push.dedupe-window} values), so a stream
 * sends an observation once. It learns the values the topic held before it started by reading the last
 * {@code dedupe-window} messages (at most 5 s) before it fans out the first live one.
 */
@ApplicationScoped
public class CommittedFeed {

    private static final Logger LOG = Logger.getLogger(CommittedFeed.class);

    /** What an open stream hears; called on the feed's thread, in order; must not block. */
    public interface Listener {
        /** One committed observation at {@code partition}/{@code offset}; {@code after} is the position past it. */
        void committed(CommittedObservation o, byte[] json, int partition, long offset, Position after);

        /** Nothing to say for a while: {@code now} is the feed's position (all before it was fanned out). */
        void heartbeat(Position now);

        /**
         * False when no observation of the datastream can pass this listener's filter: then the feed need not
         * read the message for it.
         */
        default boolean wants(long datastreamId) {
            return true;
        }
    }

    @Inject
    PushConfig config;

    @Inject
    KafkaSettings settings;

    @Inject
    KafkaTopics topics;

    @Inject
    ObjectMapper json;

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong copies = new AtomicLong();
    private volatile FirstPublications published;
    private final Object lock = new Object();
    private long[] next;   // guarded by lock; null until the feed has its start positions
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    void start(@Observes @Priority(310) StartupEvent ev) {
        if (!config.enabled()) {
            return;
        }
        published = new FirstPublications(config.dedupeWindow());
        running = true;
        thread = new Thread(this::run, "tweeling-committed-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The change topic's partitions, or 0 while the feed has not started. */
    public int partitions() {
        synchronized (lock) {
            return next == null ? 0 : next.length;
        }
    }

    /** The change topic's partitions once the feed has started, waiting up to {@code wait} for that; else 0. */
    public int partitions(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            while (next == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return 0;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return next.length;
        }
    }

    /**
     * Adds a listener; returns the position from which it hears everything, or null when the feed has not
     * started within {@code wait}.
     */
    public Position subscribe(Listener l, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            while (next == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return null;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            listeners.add(l);
            return new Position(next);
        }
    }

    public void unsubscribe(Listener l) {
        listeners.remove(l);
    }

    /** Messages skipped since start because they were copies of a value published before (for tests and diagnostics). */
    public long copies() {
        return copies.get();
    }

    /**
     * True when the message at {@code partition}/{@code offset} is a copy of a value published earlier, as far as
     * the feed remembers; changes nothing (a stream's replay asks this for what it reads itself).
     */
    public boolean copy(CommittedObservation o, int partition, long offset) {
        FirstPublications p = published;
        return p != null && p.copy(o.id(), o.corrections(), partition, offset);
    }

    /** Open listeners (streams) of this instance. */
    public int listeners() {
        return listeners.size();
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try {
                if (!topics.ensure()) {
                    sleep(backoff);
                    continue;
                }
                read();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // the positions are kept: the next reader goes on where this one stopped
                LOG.warnf("reading %s failed (%s); again in %d ms", config.topic(), e.toString(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
    }

    private void read() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(settings.reader())) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(config.topic(), Duration.ofSeconds(10))) {
                parts.add(new TopicPartition(p.topic(), p.partition()));
            }
            parts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            c.assign(parts);
            long[] learnUpTo = null;
            synchronized (lock) {
                if (next == null) {
                    c.seekToEnd(parts);
                    long[] start = new long[parts.size()];
                    for (TopicPartition tp : parts) {
                        start[tp.partition()] = c.position(tp, Duration.ofSeconds(10));
                    }
                    next = start;
                    learnUpTo = start.clone();
                    LOG.infof("committed-observation feed reads %s (%d partitions) from its end", config.topic(),
                            parts.size());
                    lock.notifyAll();
                } else {
                    for (TopicPartition tp : parts) {
                        c.seek(tp, next[tp.partition()]);
                    }
                }
            }
            if (learnUpTo != null) {
                // streams may subscribe meanwhile: they hear everything from the start position, a little later
                learn(c, parts, learnUpTo);
            }
            long beat = System.nanoTime() + config.heartbeat().toNanos();
            while (running) {
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(100));
                synchronized (lock) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        fanOut(r);
                    }
                    if (System.nanoTime() - beat >= 0) {
                        beat = System.nanoTime() + config.heartbeat().toNanos();
                        Position now = new Position(next);
                        for (Listener l : listeners) {
                            l.heartbeat(now);
                        }
                    }
                }
            }
        } finally {
            consumer = null;
        }
    }

    /**
     * Before going live: reads the last messages before {@code end} (up to {@code dedupe-window} in all) into
     * the memory of first publications, so that copies of them published from now on are recognised. Bounded in
     * time: what it has not read within 5 s is left out (copies of it may then reach streams).
     */
    private void learn(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts, long[] end) {
        long per = Math.max(1, config.dedupeWindow() / Math.max(1, parts.size()));
        Map<TopicPartition, Long> begin = c.beginningOffsets(parts, Duration.ofSeconds(10));
        Map<TopicPartition, Long> from = new HashMap<>();
        for (TopicPartition tp : parts) {
            long f = Math.max(begin.get(tp), end[tp.partition()] - per);
            if (f < end[tp.partition()]) {
                from.put(tp, f);
            }
        }
        if (from.isEmpty()) {
            return;
        }
        List<TopicPartition> left = new ArrayList<>(from.keySet());
        c.assign(left);
        from.forEach(c::seek);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int learned = 0;
        while (!left.isEmpty() && running && System.nanoTime() - deadline < 0) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                if (r.offset() < end[r.partition()]) {
                    remember(r);
                    learned++;
                }
            }
            left.removeIf(tp -> c.position(tp) >= end[tp.partition()]);
        }
        if (!left.isEmpty()) {
            LOG.warnf("read %d recent messages of %s to recognise copies, not all within 5 s", learned, config.topic());
        }
        c.assign(parts);
        for (TopicPartition tp : parts) {
            c.seek(tp, end[tp.partition()]);
        }
    }

    private enum Seen { FIRST, COPY, UNREADABLE }

    /** Notes a message in the memory of first publications: whether it is a value's first publication or a copy. */
    private Seen remember(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return Seen.UNREADABLE;
        }
        long[] identity = fromHeaders(r);
        if (identity == null) {
            try {
                identity = CommittedObservation.identity(json.getFactory(), r.value());
            } catch (java.io.IOException | RuntimeException e) {
                identity = null;
            }
        }
        if (identity == null) {
            LOG.warnf("skipping unreadable message %s/%d@%d", r.topic(), r.partition(), r.offset());
            return Seen.UNREADABLE;
        }
        int corrections = (int) Math.max(-1, Math.min(Integer.MAX_VALUE, identity[1]));
        return published.first(identity[0], corrections, r.partition(), r.offset()) ? Seen.FIRST : Seen.COPY;
    }

    /** The id and corrections from the message's headers (as the publisher writes them), or null. */
    private static long[] fromHeaders(ConsumerRecord<byte[], byte[]> r) {
        Header id = r.headers().lastHeader(CommittedObservation.ID_HEADER);
        Header corrections = r.headers().lastHeader(CommittedObservation.CORRECTIONS_HEADER);
        if (id == null || corrections == null) {
            return null;
        }
        Long i = decimal(id.value());
        Long c = decimal(corrections.value());
        return i == null || c == null ? null : new long[] {i, c};
    }

    /** ASCII decimal digits (optionally after a minus) as a long; null for anything else. */
    static Long decimal(byte[] b) {
        if (b == null || b.length == 0 || b.length > 20) {
            return null;
        }
        if (b.length > 18) {   // near the range's end: let the JDK check for overflow
            try {
                String s = new String(b, java.nio.charset.StandardCharsets.US_ASCII);
                return s.startsWith("+") ? null : Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        boolean negative = b[0] == '-';
        if (negative && b.length == 1) {
            return null;
        }
        long v = 0;
        for (int i = negative ? 1 : 0; i < b.length; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return null;
            }
            v = v * 10 + (b[i] - '0');
        }
        return negative ? -v : v;
    }

    /** Under the lock: whether a listener may want the record (by its key, the datastream id; no key: yes). */
    private boolean wanted(ConsumerRecord<byte[], byte[]> r) {
        Long datastream = decimal(r.key());
        if (datastream == null) {
            return !listeners.isEmpty();
        }
        for (Listener l : listeners) {
            if (l.wants(datastream)) {
                return true;
            }
        }
        return false;
    }

    /** Under the lock: one record to every listener, with the position past it, unless it is a copy. */
    private void fanOut(ConsumerRecord<byte[], byte[]> r) {
        next[r.partition()] = r.offset() + 1;
        // the memory of first publications sees every message; the value is read only when a stream may want it
        Seen seen = remember(r);
        if (seen == Seen.COPY) {
            copies.incrementAndGet();
        }
        if (seen != Seen.FIRST || !wanted(r)) {
            return;
        }
        CommittedObservation o;
        try {
            o = CommittedObservation.parse(json, r.value());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warnf("skipping unreadable message %s/%d@%d (%s)", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        Position after = new Position(next);
        for (Listener l : listeners) {
            try {
                l.committed(o, r.value(), r.partition(), r.offset(), after);
            } catch (RuntimeException e) {
                LOG.warnf("a stream failed on an event (%s)", e.toString());
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
