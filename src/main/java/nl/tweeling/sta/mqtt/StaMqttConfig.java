package nl.tweeling.sta.mqtt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The SensorThings MQTT extension (docs/sensors.md, "MQTT"). It talks to the broker of {@code tweeling.mqtt}
 * (host, port, ssl, username, password, keep-alive, max-backoff, max-message-size, max-batch), with client ids
 * of its own.
 */
@ConfigMapping(prefix = "tweeling.sta.mqtt")
public interface StaMqttConfig {

    /**
     * Publish each observation this instance commits (QoS 1) on {@code v1.1/Datastreams(<id>)/Observations},
     * {@code v1.1/Observations} and the same under {@code v1.0/}.
     */
    @WithDefault("false")
    boolean publish();

    /**
     * Create observations from what clients publish on those topics (QoS 1, acknowledged once Kafka has
     * them), through the ingest pipeline.
     */
    @WithDefault("false")
    boolean create();

    /**
     * The public root URL of the SensorThings API, without the version: {@code @iot.selfLink} of a published
     * observation is {@code <root>/v1.1/Observations(<id>)}.
     */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /**
     * Client id stem: the publisher connects as {@code <stem>-pub-<random>} (a clean session per start), the
     * creator as {@code <stem>-create} (a persistent session, so messages published while it is away are kept).
     * Several instances need stems of their own (a broker keeps one connection per client id); each then
     * ingests every client message once, and the idempotent write stores it once.
     */
    @WithDefault("tweeling-sta")
    String clientId();

    /** Publications waiting for the broker (while it is away or slow); beyond that they are dropped and counted. */
    @WithDefault("100000")
    int maxPending();
}
