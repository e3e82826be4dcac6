package nl.tweeling.tiles;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerChanged;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.ingest.kafka.KafkaSettings;
import nl.tweeling.ingest.kafka.KafkaTopics;
import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.push.CommittedFeed;
import nl.tweeling.push.CommittedObservation;
import nl.tweeling.push.Position;

/**
 * Keeps the tile caches of every instance in step with the layers: this instance's {@link TileCache}, its metrics,
 * and the change events between instances.
 *
 * <ul>
 * <li>A writer of features (an import, a harvest, layer management) calls {@link #changed} after its commit, with
 * the boxes (EPSG:28992) of the features' old and new geometries, or none for the whole layer: this instance
 * evicts at once (so its own next request is fresh), and the event goes to the topic
 * {@code tweeling.tiles.cache.topic} for the others.</li>
 * <li>Each instance reads that topic with a consumer outside any group, from its end at start (as the
 * committed-observation feed does), and evicts; it skips its own events (header {@code origin}).</li>
 * <li>The sensors layer changes with every observation (its latest value): the committed-observation feed, which
 * already reaches every instance, gives the place of each observation's thing, and the tiles of maintained sensor
 * layers around those places are evicted, in batches on a thread of their own.</li>
 * </ul>
 *
 * Metrics (tag-free): {@code tweeling.tiles.cache.hits}, {@code .misses}, {@code .evictions} (to stay within the
 * bound), {@code .invalidations} (changed layers), gauges {@code tweeling.tiles.cache.bytes} and {@code .entries}.
 */
@ApplicationScoped
public class TileInvalidation {

    private static final Logger LOG = Logger.getLogger(TileInvalidation.class);

    /** Header naming the instance that sent a change event. */
    static final String ORIGIN_HEADER = "origin";

    /** More boxes than this in one event are sent as their union. */
    static final int MAX_BOXES = 1000;

    /** Places of observations waiting to be applied; when full, the sensor layers' tiles are dropped whole. */
    static final int MAX_PENDING_PLACES = 10_000;

    @Inject
    TweelingConfig config;

    @Inject
    KafkaSettings settings;

    @Inject
    KafkaTopics topics;

    @Inject
    MeterRegistry metrics;

    @Inject
    CommittedFeed feed;

    @Inject
    LayerRegistry registry;

    @Inject
    ObjectMapper json;

    private final String origin = UUID.randomUUID().toString();
    private TileCache cache;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private final CountDownLatch listening = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private final BlockingQueue<double[]> places = new ArrayBlockingQueue<>(MAX_PENDING_PLACES);
    private final AtomicBoolean placesOverflowed = new AtomicBoolean();
    private ExecutorService sender;
    private KafkaProducer<String, byte[]> producer;   // used by the sender thread only

    @PostConstruct
    void init() {
        cache = new TileCache(config.tiles().cache().maxBytes());
        FunctionCounter.builder("tweeling.tiles.cache.hits", cache, TileCache::hits)
                .description("Tile requests served from the tile cache").register(metrics);
        FunctionCounter.builder("tweeling.tiles.cache.misses", cache, TileCache::misses)
                .description("Tile requests the tile cache did not hold").register(metrics);
        FunctionCounter.builder("tweeling.tiles.cache.evictions", cache, TileCache::evictions)
                .description("Tiles dropped to keep the cache within tweeling.tiles.cache.max-bytes").register(metrics);
        FunctionCounter.builder("tweeling.tiles.cache.invalidations", cache, TileCache::invalidated)
                .description("Tiles dropped because features they show changed").register(metrics);
        Gauge.builder("tweeling.tiles.cache.bytes", cache, TileCache::bytes)
                .description("Bytes the tile cache holds (tiles and bookkeeping)").baseUnit("bytes").register(metrics);
        Gauge.builder("tweeling.tiles.cache.entries", cache, TileCache::entries)
                .description("Tiles the tile cache holds").register(metrics);
    }

    /** This instance's tile cache. */
    public TileCache cache() {
        return cache;
    }

    void start(@Observes @Priority(320) StartupEvent ev) {
        if (!cache.enabled()) {
            listening.countDown();
            return;
        }
        running = true;
        sender = Executors.newSingleThreadExecutor(r -> daemon(r, "tweeling-tile-changes-sender"));
        threads.add(daemon(this::read, "tweeling-tile-changes"));
        threads.add(daemon(this::sensors, "tweeling-tile-sensors"));
        threads.forEach(Thread::start);
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        for (Thread t : threads) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sender != null) {
            sender.submit(() -> {
                if (producer != null) {
                    producer.close(Duration.ofSeconds(2));
                }
            });
            sender.shutdown();
        }
    }

    /**
     * True once this instance reads the change topic (events sent from now on reach it), waiting up to
     * {@code wait}; true at once when the cache is off.
     */
    public boolean listening(Duration wait) throws InterruptedException {
        return listening.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A writer's {@link LayerChanged} event (after its commit). */
    void onChange(@Observes LayerChanged change) {
        changed(change.layer(), change.boxes());
    }

    /**
     * A layer's features changed (call after the commit): evicts this instance's tiles of the layer that meet
     * {@code boxes} ({minX, minY, maxX, maxY} in EPSG:28992: the changed features' old and new extents), or all
     * of the layer's tiles when {@code boxes} is null, and tells the other instances.
     */
    public void changed(String layer, List<double[]> boxes) {
        List<double[]> b = boxes == null ? null : bounded(boxes);
        if (b != null && b.isEmpty()) {
            return;
        }
        int n = cache.invalidate(layer, b);
        LOG.debugf("layer %s changed: %d cached tiles dropped", layer, n);
        if (!running) {
            return;
        }
        byte[] event = event(layer, b);
        sender.execute(() -> publish(layer, event));
    }

    /** At most {@value #MAX_BOXES} boxes: more are sent as their union. */
    static List<double[]> bounded(List<double[]> boxes) {
        if (boxes.size() <= MAX_BOXES) {
            return boxes;
        }
        double[] u = boxes.get(0).clone();
        for (double[] b : boxes) {
            u[0] = Math.min(u[0], b[0]);
            u[1] = Math.min(u[1], b[1]);
            u[2] = Math.max(u[2], b[2]);
            u[3] = Math.max(u[3], b[3]);
        }
        return List.of(u);
    }

    /** A change event as the topic carries it: {"layer": id, "boxes": [[minX, minY, maxX, maxY], …] or null}. */
    byte[] event(String layer, List<double[]> boxes) {
        ObjectNode n = json.createObjectNode();
        n.put("layer", layer);
        if (boxes == null) {
            n.putNull("boxes");
        } else {
            ArrayNode a = n.putArray("boxes");
            for (double[] b : boxes) {
                ArrayNode box = a.addArray();
                for (double v : b) {
                    box.add(v);
                }
            }
        }
        try {
            return json.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void publish(String layer, byte[] event) {
        try {
            if (!topics.ensure()) {
                LOG.warnf("layer %s changed; the other instances are not told (Kafka unreachable): their tile caches"
                        + " keep its old tiles until evicted", layer);
                return;
            }
            if (producer == null) {
                producer = new KafkaProducer<>(settings.producer());
            }
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(config.tiles().cache().topic(), layer, event);
            r.headers().add(ORIGIN_HEADER, origin.getBytes(StandardCharsets.UTF_8));
            producer.send(r, (meta, e) -> {
                if (e != null) {
                    LOG.warnf("layer %s changed; sending the change event failed (%s): other instances keep its old"
                            + " tiles", layer, e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("layer %s changed; sending the change event failed (%s)", layer, e.toString());
        }
    }

    // ------------------------------------------------------------------ reading the topic

    private void read() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        long backoff = 200;
        while (running) {
            try {
                if (!topics.ensure()) {
                    sleep(backoff);
                    continue;
                }
                try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(settings.reader())) {
                    consumer = c;
                    if (!running) {
                        return;
                    }
                    List<TopicPartition> parts = new ArrayList<>();
                    for (PartitionInfo p : c.partitionsFor(config.tiles().cache().topic(), Duration.ofSeconds(10))) {
                        parts.add(new TopicPartition(p.topic(), p.partition()));
                    }
                    c.assign(parts);
                    for (TopicPartition tp : parts) {
                        Long at = positions.get(tp);
                        if (at == null) {
                            c.seekToEnd(List.of(tp));
                            positions.put(tp, c.position(tp, Duration.ofSeconds(10)));
                        } else {
                            c.seek(tp, at);
                        }
                    }
                    if (listening.getCount() > 0) {
                        LOG.infof("tile cache reads layer changes from %s (%d partitions) from its end",
                                config.tiles().cache().topic(), parts.size());
                        listening.countDown();
                    }
                    backoff = 200;
                    while (running) {
                        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                            positions.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                            apply(r);
                        }
                    }
                } finally {
                    consumer = null;
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("reading %s failed (%s); again in %d ms", config.tiles().cache().topic(), e.toString(), backoff);
                sleep(backoff);
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    /** One change event from the topic: evicts what it names (events of this instance were applied when sent). */
    void apply(ConsumerRecord<byte[], byte[]> r) {
        Header from = r.headers().lastHeader(ORIGIN_HEADER);
        if (from != null && origin.equals(new String(from.value(), StandardCharsets.UTF_8))) {
            return;
        }
        if (r.value() == null) {
            return;
        }
        String layer;
        List<double[]> boxes;
        try {
            JsonNode n = json.readTree(r.value());
            layer = n.path("layer").asText(null);
            JsonNode b = n.get("boxes");
            if (layer == null) {
                throw new IllegalArgumentException("no layer");
            }
            if (b == null || b.isNull()) {
                boxes = null;
            } else {
                boxes = new ArrayList<>();
                for (JsonNode box : b) {
                    if (box.size() != 4) {
                        throw new IllegalArgumentException("a box has four numbers");
                    }
                    boxes.add(new double[] {box.get(0).asDouble(), box.get(1).asDouble(), box.get(2).asDouble(),
                            box.get(3).asDouble()});
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // unreadable: drop everything rather than keep what may be stale
            LOG.warnf("unreadable layer change %s/%d@%d (%s): dropping every cached tile", r.topic(), r.partition(),
                    r.offset(), e.getMessage());
            cache.clear();
            return;
        }
        cache.invalidate(layer, boxes);
    }

    // ------------------------------------------------------------------ sensors

    /** Subscribes to the committed-observation feed, then applies the places it hears of, in batches. */
    private void sensors() {
        CommittedFeed.Listener l = new CommittedFeed.Listener() {
            @Override
            public void committed(CommittedObservation o, byte[] value, int partition, long offset, Position after) {
                if (o.x() != null && o.y() != null && !places.offer(new double[] {o.x(), o.y()})) {
                    placesOverflowed.set(true);
                }
            }

            @Override
            public void heartbeat(Position now) {
            }
        };
        try {
            while (running && feed.subscribe(l, Duration.ofSeconds(30)) == null) {
                // the feed is off (tweeling.push.enabled=false) or not started yet
                Thread.sleep(1000);
            }
            while (running) {
                List<double[]> batch = new ArrayList<>();
                batch.add(places.take());
                places.drainTo(batch);
                boolean overflowed = placesOverflowed.getAndSet(false);
                for (Layer layer : registry.all()) {
                    if ("sensors".equals(layer.maintainedBy())) {
                        if (overflowed) {
                            cache.invalidate(layer.id(), null);
                        } else {
                            cache.invalidateAt(layer.id(), batch);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            feed.unsubscribe(l);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
