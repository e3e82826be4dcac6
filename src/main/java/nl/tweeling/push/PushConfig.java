package nl.tweeling.push;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Live push of committed observations (docs/sensors.md, "Live push"). */
@ConfigMapping(prefix = "tweeling.push")
public interface PushConfig {

    /** Publish committed observations and serve {@code GET /observations/stream}. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Topic of committed observations: one compact message per observation a consumer stored (inserted or
     * corrected), keyed by datastream id; every instance reads all of it.
     */
    @WithDefault("tweeling.observations.committed")
    String topic();

    /** How long the topic keeps committed observations: how far back a stream can resume (Last-Event-ID). */
    @WithDefault("P1D")
    Duration retention();

    /** A comment line on every open stream this often, so proxies and clients see a live connection. */
    @WithDefault("15s")
    Duration heartbeat();

    /**
     * Bytes a stream may have written but not yet taken by its client; a client further behind is dropped
     * (a final {@code dropped} event) rather than slowing anything down.
     */
    @WithDefault("1048576")
    int clientBuffer();

    /** Events a stream may have waiting for its connection's thread; beyond that it is dropped too. */
    @WithDefault("10000")
    int clientQueue();

    /**
     * How many recent observation values (id and corrections) each instance remembers with where they were
     * first published, so that a copy (a re-read batch published again) is not sent: at least this many, at
     * most twice as many; about 8 MB for 100,000. A copy published later than that reaches streams again.
     */
    @WithDefault("100000")
    int dedupeWindow();

    /** Open streams this instance serves at once; one more is a 503. */
    @WithDefault("1000")
    int maxStreams();
}
