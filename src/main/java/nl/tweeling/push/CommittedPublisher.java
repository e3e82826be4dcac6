package nl.tweeling.push;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.ingest.ObservationRepository;
import nl.tweeling.ingest.kafka.KafkaSettings;

/**
 * Publishes what a consumer's transaction stored to the change topic ({@code tweeling.push.topic}), after that
 * transaction committed and before the consumer commits its offsets: when publishing fails the consumer
 * re-reads the batch, its write reports the same rows again (see {@link ObservationRepository.Stored}) and they
 * are published then. The topic may therefore carry an observation twice (same id and corrections), never miss
 * one; {@link CommittedFeed} passes on only the first ({@link FirstPublications}).
 * <p>
 * After the broker acknowledged a batch, it is also fired as a CDI event ({@link Committed}) for what this
 * instance itself publishes (the SensorThings MQTT extension). Thread-safe.
 */
@ApplicationScoped
public class CommittedPublisher {

    /** A batch of committed observations this instance stored, fired after the change topic has them. */
    public record Committed(List<CommittedObservation> observations) {
    }

    @Inject
    PushConfig config;

    @Inject
    KafkaSettings settings;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    Event<Committed> committed;

    private volatile KafkaProducer<String, byte[]> producer;

    /**
     * Publishes the stored rows and waits for the broker's acknowledgement of each (acks=all).
     *
     * @throws Exception when the datastreams cannot be read or the broker did not acknowledge in time: the
     *                   caller must not commit its input then
     */
    public void publish(List<ObservationRepository.Stored> stored) throws Exception {
        if (!config.enabled() || stored.isEmpty()) {
            return;
        }
        List<CommittedObservation> events = describe(stored);
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (CommittedObservation e : events) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(config.topic(), Long.toString(e.datastreamId()), bytes(e));
            // what readers need before parsing the value: which value it is (FirstPublications)
            r.headers().add(CommittedObservation.ID_HEADER, ascii(e.id()))
                    .add(CommittedObservation.CORRECTIONS_HEADER, ascii(e.corrections()));
            acks.add(producer().send(r));
        }
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the change topic did not take the committed observations", e);
            }
        }
        committed.fire(new Committed(events));
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    byte[] bytes(CommittedObservation e) {
        try {
            return json.writeValueAsBytes(e);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    /** The stored rows with their datastreams' keys, observed properties and places (one query per batch). */
    List<CommittedObservation> describe(List<ObservationRepository.Stored> stored) throws SQLException {
        TreeSet<Long> ids = new TreeSet<>();
        for (ObservationRepository.Stored s : stored) {
            ids.add(s.datastreamId());
        }
        record Place(String key, String property, Double x, Double y) {
        }
        Map<Long, Place> places = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("push/select_datastream_places.sql"))) {
            Array a = c.createArrayOf("bigint", ids.toArray());
            ps.setArray(1, a);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double x = rs.getDouble(4);
                    boolean placed = !rs.wasNull();
                    places.put(rs.getLong(1), new Place(rs.getString(2), rs.getString(3), placed ? x : null,
                            placed ? rs.getDouble(5) : null));
                }
            }
        }
        List<CommittedObservation> out = new ArrayList<>(stored.size());
        for (ObservationRepository.Stored s : stored) {
            Place p = places.getOrDefault(s.datastreamId(), new Place(null, null, null, null));
            String result = s.resultJson() != null ? s.resultJson() : s.result() == null ? "null" : number(s.result());
            out.add(new CommittedObservation(s.id(), s.datastreamId(), p.key(), p.property(),
                    s.phenomenonTime().toString(), result, s.corrections(), p.x(), p.y()));
        }
        return out;
    }

    /** A double as JSON (NaN and infinities are not JSON numbers: as strings). */
    private static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "\"" + v + "\"";
        }
        return Double.toString(v);
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
