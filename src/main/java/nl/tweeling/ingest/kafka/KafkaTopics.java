package nl.tweeling.ingest.kafka;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.platform.TweelingConfig;

/**
 * Creates the observation topic, its dead-letter topic, the change topic of committed observations
 * (kept for {@code tweeling.push.retention}) and the topic of layer changes (tile caches) when they are
 * missing, and answers whether the broker is reachable (for readiness).
 */
@ApplicationScoped
public class KafkaTopics {

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    @Inject
    KafkaSettings settings;

    @Inject
    TweelingConfig config;

    @Inject
    nl.tweeling.push.PushConfig push;

    private volatile boolean created;

    /** Creates missing topics; true when all exist afterwards. Safe to call from several instances at once. */
    public boolean ensure() {
        if (created) {
            return true;
        }
        try (Admin admin = Admin.create(settings.admin())) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (NewTopic t : List.of(
                    new NewTopic(config.ingest().topic(), config.ingest().partitions(), (short) 1),
                    new NewTopic(config.ingest().dlqTopic(), 1, (short) 1),
                    new NewTopic(push.topic(), config.ingest().partitions(), (short) 1).configs(java.util.Map.of(
                            "retention.ms", Long.toString(push.retention().toMillis()))),
                    // layer changes for the tile caches of every instance: read from the end, so kept briefly
                    new NewTopic(config.tiles().cache().topic(), 1, (short) 1).configs(java.util.Map.of(
                            "retention.ms", "3600000")))) {
                if (!existing.contains(t.name())) {
                    try {
                        admin.createTopics(List.of(t)).all().get(10, TimeUnit.SECONDS);
                        LOG.infof("created Kafka topic %s with %d partition(s)", t.name(), t.numPartitions());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            created = true;
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("Kafka at %s is not reachable yet (%s); will retry", settings.bootstrapServers(),
                    e.getClass().getSimpleName());
            return false;
        }
    }

    /** True when the broker answers within a few seconds. */
    public boolean reachable() {
        try (Admin admin = Admin.create(settings.admin())) {
            admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
