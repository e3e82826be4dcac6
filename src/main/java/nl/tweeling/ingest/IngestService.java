package nl.tweeling.ingest;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.platform.TweelingConfig;

/**
 * The one path by which observations enter the database, whatever their transport: validation against
 * the datastream catalog and plausible ranges, then batched idempotent writes. Adapters (Kafka, HTTP, MQTT,
 * files) only parse and carry their source position.
 */
@ApplicationScoped
public class IngestService {

    @Inject
    DatastreamCatalog catalog;

    @Inject
    ObservationRepository repository;

    @Inject
    TweelingConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    ObjectMapper json;

    /** Observations before this instant are implausible (and beyond what some time types hold). */
    static final Instant OLDEST = Instant.parse("1800-01-01T00:00:00Z");

    /** A \\u0000 escape in JSON text (not an escaped backslash before "u0000"): jsonb refuses it. */
    private static final Pattern JSON_NUL = Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\u0000");

    private volatile ObservationParser parser;

    public ObservationParser parser() {
        ObservationParser p = parser;
        if (p == null) {
            p = new ObservationParser(json);
            parser = p;
        }
        return p;
    }

    /**
     * Checks a parsed message against the catalog and the service rules; returns the observation to write.
     *
     * @throws InvalidObservationException with a reason fit for a dead letter or a 400 response
     */
    public Observation validate(ObservationMessage m, String source, Long sourceOffset) throws InvalidObservationException {
        DatastreamCatalog.Entry ds = catalog.find(m.datastream())
                .orElseThrow(() -> new InvalidObservationException("unknown datastream " + abbreviate(m.datastream())));
        return validate(ds, m, source, sourceOffset);
    }

    /**
     * The same checks for a message whose datastream the caller has looked up itself ({@code ds}, e.g. one made in
     * the caller's own transaction that the catalog cannot see yet); {@code m.datastream()} is not read.
     *
     * @throws InvalidObservationException with a reason fit for a dead letter or a 400 response
     */
    public Observation validate(DatastreamCatalog.Entry ds, ObservationMessage m, String source, Long sourceOffset)
            throws InvalidObservationException {
        if (m.phenomenonTime().isBefore(OLDEST)) {
            throw new InvalidObservationException("phenomenonTime " + m.phenomenonTime() + " lies before 1800");
        }
        if (m.phenomenonTime().isAfter(Instant.now().plus(config.ingest().maxFuture()))) {
            throw new InvalidObservationException("phenomenonTime " + m.phenomenonTime() + " lies more than "
                    + human(config.ingest().maxFuture()) + " in the future");
        }
        if (m.result() != null && ((ds.min() != null && m.result() < ds.min()) || (ds.max() != null && m.result() > ds.max()))) {
            throw new InvalidObservationException("result " + m.result() + " is outside the plausible range ["
                    + ds.min() + ", " + ds.max() + "] of datastream " + ds.key());
        }
        if (m.lon() != null) {
            List<Double> area = config.ingest().serviceArea();
            if (m.lon() < area.get(0) || m.lat() < area.get(1) || m.lon() > area.get(2) || m.lat() > area.get(3)) {
                throw new InvalidObservationException("location " + m.lon() + "," + m.lat() + " lies outside the service area");
            }
        }
        if (m.quality() != null && m.quality().indexOf('\0') >= 0) {
            throw new InvalidObservationException("resultQuality contains a NUL character (\\u0000), which the database cannot store");
        }
        if (m.resultJson() != null && JSON_NUL.matcher(m.resultJson()).find()) {
            throw new InvalidObservationException("result contains a NUL character (\\u0000), which the database cannot store");
        }
        // the key keeps microseconds (timestamptz): finer digits are cut off here, on every path, so that two
        // observations less than 1 µs apart share one key and the later one is a correction (docs/ingest.md)
        Instant time = m.phenomenonTime().truncatedTo(ChronoUnit.MICROS);
        return new Observation(ds.id(), time, m.result(), m.resultJson(), m.quality(), source, sourceOffset);
    }

    /** Writes one batch in one transaction; {@code transport} tags the metrics (kafka, http, mqtt, sample, file). */
    public ObservationRepository.WriteResult write(List<Observation> batch, String transport) throws SQLException {
        return write(batch, transport, null);
    }

    /**
     * Writes one batch in one transaction, each row tagged in {@code source_run} with {@code run}, the job
     * that produced it (a harvester run); null tags nothing.
     */
    public ObservationRepository.WriteResult write(List<Observation> batch, String transport, UUID run) throws SQLException {
        return measured(batch, transport, () -> repository.write(batch, run));
    }

    /**
     * Writes one batch within the caller's transaction on {@code c} (autocommit off), with the same metrics; the
     * caller commits. For writers that store more than observations in one transaction (the SensorThings API).
     */
    public ObservationRepository.WriteResult write(java.sql.Connection c, List<Observation> batch, String transport)
            throws SQLException {
        return measured(batch, transport, () -> repository.write(c, batch));
    }

    private interface Write {
        ObservationRepository.WriteResult run() throws SQLException;
    }

    private ObservationRepository.WriteResult measured(List<Observation> batch, String transport, Write write)
            throws SQLException {
        Timer.Sample timing = Timer.start(metrics);
        ObservationRepository.WriteResult r = write.run();
        timing.stop(Timer.builder("tweeling.ingest.batch.write")
                .description("Time to write one batch of observations to the database (one transaction), by source")
                .tag("source", transport).register(metrics));
        DistributionSummary.builder("tweeling.ingest.batch.size")
                .description("Observations per written batch, by source").tag("source", transport)
                .register(metrics).record(batch.size());
        observations(transport, "inserted").increment(r.inserted());
        observations(transport, "corrected").increment(r.corrected());
        observations(transport, "duplicate").increment(r.unchanged());
        return r;
    }

    /** Counts observations rejected before any write. */
    public void rejected(String transport, int n) {
        observations(transport, "rejected").increment(n);
    }

    private Counter observations(String transport, String outcome) {
        return Counter.builder("tweeling.ingest.observations")
                .description("Observations ingested, by source (kafka, http, mqtt, harvest, ...) and outcome"
                        + " (inserted, corrected, duplicate, rejected)")
                .tag("source", transport).tag("outcome", outcome).register(metrics);
    }

    private static String human(Duration d) {
        return d.toHours() > 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
