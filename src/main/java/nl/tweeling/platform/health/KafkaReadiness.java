package nl.tweeling.platform.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.ingest.kafka.KafkaSettings;
import nl.tweeling.ingest.kafka.KafkaTopics;

/** Ready only while the Kafka broker answers. (The database check comes with the datasource.) */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    @Inject
    KafkaTopics topics;

    @Inject
    KafkaSettings settings;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kafka")
                .withData("bootstrap", settings.bootstrapServers())
                .status(topics.reachable())
                .build();
    }
}
