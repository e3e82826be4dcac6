package nl.tweeling.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.Problem;
import nl.tweeling.common.problem.ProblemMapper;
import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.ingest.DatastreamCatalog;
import nl.tweeling.ingest.kafka.KafkaSettings;

/**
 * {@code GET /observations/stream}: committed observations as Server-Sent Events, filtered by datastream,
 * observed property and bbox (docs/sensors.md, "Live push"). A Vert.x route, because a stream is written
 * event by event and must notice a client that does not keep up.
 * <ul>
 * <li>Each event is one observation (JSON of {@link CommittedObservation}); its {@code id:} is the
 * {@link Position} after it. Heartbeats ({@code : heartbeat} comments every {@code tweeling.push.heartbeat})
 * carry the position too, as an {@code id:} line without data, so a quiet stream still has a place to resume
 * from.</li>
 * <li>{@code Last-Event-ID} resumes: what the change topic holds from that position up to this instance's live
 * position is replayed by a reader of its own, then live events follow; nothing is missed, nothing repeated.</li>
 * <li>An observation value (id and corrections) goes out once: copies of it that the change topic carries
 * (a re-read batch published again) are skipped, live by the feed, on a replay by the same rule
 * ({@link FirstPublications}).</li>
 * <li>Bad parameters or a bad {@code Last-Event-ID} are a 400 problem before the stream starts.</li>
 * <li>A client whose connection holds {@code tweeling.push.client-buffer} bytes unsent, and has as much again
 * waiting (or {@code client-queue} events waiting for the event loop), gets
 * a final {@code event: dropped} with the reason and the connection ends; ingestion never waits for it.</li>
 * </ul>
 */
@ApplicationScoped
public class ObservationStream {

    private static final Logger LOG = Logger.getLogger(ObservationStream.class);
    static final String PATH = "/observations/stream";

    @Inject
    PushConfig config;

    @Inject
    CommittedFeed feed;

    @Inject
    DatastreamCatalog catalog;

    @Inject
    KafkaSettings settings;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry metrics;

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    void install(@Observes Router router) {
        router.get(PATH).handler(this::open);
        Gauge.builder("tweeling.push.streams", open, AtomicInteger::get)
                .description("Open observation streams (GET /observations/stream) of this instance").register(metrics);
    }

    /** Streams dropped since start because their client did not keep up (for tests and diagnostics). */
    public int dropped() {
        return dropped.get();
    }

    /** Open streams of this instance. */
    public int open() {
        return open.get();
    }

    private void open(RoutingContext ctx) {
        if (!config.enabled()) {
            problem(ctx, TweelingException.notFound("Live push is off on this server (tweeling.push.enabled)."));
            return;
        }
        Map<String, List<String>> params = new HashMap<>();
        ctx.queryParams().forEach(e -> params.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        String lastEventId = ctx.request().getHeader("Last-Event-ID");
        Context context = Vertx.currentContext();
        Stream stream = new Stream(ctx, context);
        // the datastream look-up may read the database and the feed may still be starting: off the event loop
        ctx.vertx().<Position>executeBlocking(() -> {
            StreamQuery query = StreamQuery.parse(params,
                    key -> catalog.find(key).map(DatastreamCatalog.Entry::id).orElse(null));
            Position resume = null;
            if (lastEventId != null && !lastEventId.isBlank()) {
                int partitions = feed.partitions(Duration.ofSeconds(10));
                if (partitions == 0) {
                    throw TweelingException.unavailable("The stream is starting; retry in a moment.", 2);
                }
                resume = Position.parse(lastEventId.trim(), partitions);
                if (resume == null) {
                    throw TweelingException.badParameter("Last-Event-ID", "Last-Event-ID is not an event id of this"
                            + " stream (" + partitions + " offsets joined by dots); reconnect without it to start now.");
                }
            }
            if (open.get() >= config.maxStreams()) {
                throw TweelingException.unavailable("This server serves " + config.maxStreams()
                        + " streams already; retry later.", 10);
            }
            stream.query = query;
            stream.resume = resume;
            stream.floor = resume;
            Position live = feed.subscribe(stream, Duration.ofSeconds(10));
            if (live == null) {
                throw TweelingException.unavailable("The stream of committed observations is not ready; retry in a moment.", 2);
            }
            return live;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof TweelingException e) {
                    problem(ctx, e);
                } else {
                    LOG.warnf("opening a stream failed: %s", ar.cause().toString());
                    problem(ctx, TweelingException.unavailable("The stream could not be opened; retry later."));
                }
                return;
            }
            stream.start(ar.result());
        });
    }

    private void problem(RoutingContext ctx, TweelingException e) {
        Problem p = ProblemMapper.problem(e.status(), e.title(), e.getMessage(), PATH);
        p = new Problem(p.type(), p.title(), p.status(), p.detail(), p.instance(), p.code(), e.parameter(), null, null);
        HttpServerResponse r = ctx.response().setStatusCode(e.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (e.retryAfter() > 0) {
            r.putHeader("Retry-After", Long.toString(e.retryAfter()));
        }
        try {
            r.end(json.writeValueAsString(p));
        } catch (JsonProcessingException x) {
            r.end();
        }
    }

    /**
     * One open stream. The feed's thread hands it events ({@link #committed}); they are written on the
     * connection's event loop in the same order. While a resumed stream replays, live events wait in
     * {@code backlog}.
     */
    private final class Stream implements CommittedFeed.Listener {
        private final RoutingContext ctx;
        private final Context context;
        private final HttpServerResponse response;
        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile StreamQuery query;
        private volatile Position resume;       // the client's Last-Event-ID, or null
        private volatile Position floor;        // events before it were seen by the client: skip them
        private boolean holding = true;         // event loop: live events wait in the backlog (before the start, while replaying)
        private boolean started;                // event loop: the headers are written
        private final ArrayDeque<String> backlog = new ArrayDeque<>();   // event loop only
        private final ArrayDeque<String> waiting = new ArrayDeque<>();   // event loop: written once the connection drains
        private long waitingBytes;                                        // event loop
        private volatile KafkaConsumer<byte[], byte[]> replayer;

        Stream(RoutingContext ctx, Context context) {
            this.ctx = ctx;
            this.context = context;
            this.response = ctx.response();
        }

        /** On the event loop, once subscribed at {@code live}: headers, the start position, then the replay. */
        void start(Position live) {
            open.incrementAndGet();
            response.setChunked(true).setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .putHeader("X-Accel-Buffering", "no")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .setWriteQueueMaxSize(config.clientBuffer());
            ctx.request().connection().closeHandler(v -> close());
            response.exceptionHandler(e -> close());
            response.drainHandler(v -> drain());
            response.write("retry: 2000\n: connected\nid: " + (resume == null ? live : resume) + "\n\n");
            started = true;
            if (resume == null) {
                release();
            } else {
                Position from = resume;
                Thread t = new Thread(() -> replay(from, live), "tweeling-stream-replay");
                t.setDaemon(true);
                t.start();
            }
        }

        @Override
        public void committed(CommittedObservation o, byte[] data, int partition, long offset, Position after) {
            Position f = floor;
            if (closed.get() || (f != null && offset < f.next(partition)) || query == null || !query.matches(o)) {
                return;
            }
            String event = event(after, f, data);
            if (pending.incrementAndGet() > config.clientQueue()) {
                context.runOnContext(v -> drop("more than " + config.clientQueue() + " events waiting"));
                return;
            }
            context.runOnContext(v -> {
                pending.decrementAndGet();
                if (holding) {
                    backlog.add(event);
                } else {
                    send(event);
                }
            });
        }

        @Override
        public boolean wants(long datastreamId) {
            StreamQuery q = query;
            return q != null && (q.datastreams().isEmpty() || q.datastreams().contains(datastreamId));
        }

        @Override
        public void heartbeat(Position now) {
            if (closed.get()) {
                return;
            }
            Position f = floor;
            context.runOnContext(v -> {
                if (!started) {
                    return;
                }
                if (holding) {
                    send(": heartbeat\n\n");
                } else {
                    send(": heartbeat\nid: " + (f == null ? now : now.max(f)) + "\n\n");
                }
            });
        }

        /** Reads the change topic from the client's position up to {@code live}; then the backlog follows. */
        private void replay(Position from, Position live) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(settings.reader())) {
                replayer = c;
                long[] at = new long[from.partitions()];
                List<TopicPartition> parts = new ArrayList<>();
                for (int p = 0; p < at.length; p++) {
                    at[p] = from.next(p);
                    if (at[p] < live.next(p)) {
                        TopicPartition tp = new TopicPartition(config.topic(), p);
                        parts.add(tp);
                    }
                }
                c.assign(parts);
                for (TopicPartition tp : parts) {
                    c.seek(tp, at[tp.partition()]);
                }
                List<TopicPartition> left = new ArrayList<>(parts);
                // copies within what it replays (the feed's memory covers those of earlier messages), kept to
                // the values this stream sends
                FirstPublications replayed = new FirstPublications(config.dedupeWindow());
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (!left.isEmpty() && !closed.get()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("replay did not reach the live position in 2 minutes");
                    }
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        if (r.offset() >= live.next(r.partition())) {
                            continue;
                        }
                        at[r.partition()] = r.offset() + 1;
                        CommittedObservation o = r.value() == null ? null : CommittedObservation.parse(json, r.value());
                        if (o != null && query.matches(o) && !feed.copy(o, r.partition(), r.offset())
                                && replayed.first(o.id(), o.corrections(), r.partition(), r.offset())) {
                            String event = event(new Position(at), null, r.value());
                            if (pending.incrementAndGet() > config.clientQueue()) {
                                context.runOnContext(v -> drop("more than " + config.clientQueue() + " events waiting"));
                                return;
                            }
                            context.runOnContext(v -> {
                                pending.decrementAndGet();
                                send(event);
                            });
                        }
                    }
                    // a partition is done once its reader stands at the live position (compacted or
                    // transaction markers leave gaps, so the position, not the last record, decides)
                    left.removeIf(tp -> c.position(tp) >= live.next(tp.partition()));
                }
                context.runOnContext(v -> release());
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                // closed
            } catch (Exception e) {
                LOG.warnf("replaying a stream from %s failed: %s", from, e.toString());
                context.runOnContext(v -> drop("the stream could not be resumed from its Last-Event-ID"));
            } finally {
                replayer = null;
            }
        }

        /** Event loop: live events from now on go out as they come; those that waited go first. */
        private void release() {
            holding = false;
            while (!backlog.isEmpty()) {
                send(backlog.poll());
            }
        }

        /** Event loop: writes, or drops a client whose connection holds more than the buffer. */
        private void send(String text) {
            if (closed.get()) {
                return;
            }
            if (!waiting.isEmpty() || response.writeQueueFull()) {
                // the connection holds a buffer's worth already: a burst waits here, up to another buffer's worth
                waiting.add(text);
                waitingBytes += text.length();
                if (waitingBytes > config.clientBuffer()) {
                    drop("the client did not keep up: more than " + config.clientBuffer() + " bytes unread");
                }
                return;
            }
            response.write(text);
        }

        /** Event loop: the connection took its buffer: what waited goes out. */
        private void drain() {
            while (!closed.get() && !waiting.isEmpty() && !response.writeQueueFull()) {
                String text = waiting.poll();
                waitingBytes -= text.length();
                response.write(text);
            }
        }

        /** Event loop: the final event, then the end of the response; the connection closes once it is sent. */
        private void drop(String reason) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            dropped.incrementAndGet();
            Counter.builder("tweeling.push.streams.dropped")
                    .description("Streams ended because their client did not keep up").register(metrics).increment();
            cleanUp();
            String data;
            try {
                data = json.writeValueAsString(Map.of("reason", reason));
            } catch (JsonProcessingException e) {
                data = "{}";
            }
            LOG.debugf("dropped a stream: %s", reason);
            response.end(Buffer.buffer("event: dropped\ndata: " + data + "\n\n"), ar -> ctx.request().connection().close());
            // a client that reads nothing at all is cut off after a while
            ctx.vertx().setTimer(30_000, id -> ctx.request().connection().close());
        }

        private void close() {
            if (closed.compareAndSet(false, true)) {
                cleanUp();
            }
        }

        private void cleanUp() {
            feed.unsubscribe(this);
            open.decrementAndGet();
            KafkaConsumer<byte[], byte[]> r = replayer;
            if (r != null) {
                r.wakeup();
            }
        }
    }

    /** One SSE event: the id (the position past it, never behind the client's floor) and the JSON. */
    private static String event(Position after, Position floor, byte[] data) {
        Position id = floor == null ? after : after.max(floor);
        return "id: " + id + "\ndata: " + new String(data, StandardCharsets.UTF_8) + "\n\n";
    }
}
