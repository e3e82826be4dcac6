package nl.tweeling.harvest;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.harvest.ogc.FeaturesHarvester;
import nl.tweeling.ingest.DatastreamCatalog;
import nl.tweeling.ingest.IngestService;
import nl.tweeling.ingest.InvalidObservationException;
import nl.tweeling.ingest.Observation;
import nl.tweeling.ingest.ObservationMessage;
import nl.tweeling.ingest.ObservationRepository;
import nl.tweeling.job.JobDismissedException;
import nl.tweeling.job.JobHandle;
import nl.tweeling.job.JobService;
import nl.tweeling.job.RunningJobs;
import nl.tweeling.platform.outbound.Outbound;
import nl.tweeling.platform.outbound.OutboundClient;
import nl.tweeling.platform.outbound.Urls;

/**
 * Runs harvesters: each run is a job (kind {@code harvest}) that fetches and reads everything first, then
 * registers the things and datastreams it found and writes all observations in one transaction through
 * {@link IngestService} (the idempotent merge of the streaming path). A failing fetch or a malformed body fails
 * the job before anything is written. Lineage: source {@code harvest:<id>}, source_run the job, source_offset
 * the record's position at the source; the job keeps the URL, fetch time and counts.
 *
 * <p>Only one run per harvester at a time across all instances (a PostgreSQL advisory lock).
 *
 * <p>A run can be dismissed ({@code DELETE /jobs/{id}}) until it starts writing: every progress report is a
 * checkpoint where a dismissed run stops, having written nothing.
 */
@ApplicationScoped
public class HarvestRunner {

    private static final Logger LOG = Logger.getLogger(HarvestRunner.class);
    public static final String KIND = "harvest";

    @Inject
    HarvestConfig config;

    @Inject
    HarvestRepository repository;

    @Inject
    HarvesterTypes types;

    @Inject
    IngestService ingest;

    @Inject
    nl.tweeling.push.CommittedPublisher committed;

    @Inject
    DatastreamCatalog catalog;

    @Inject
    JobService jobs;

    @Inject
    FeaturesHarvester features;

    @Inject
    RunningJobs running;

    @Inject
    HarvesterRegistry registry;

    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "tweeling-harvest");
        t.setDaemon(true);
        return t;
    });

    @Inject
    Outbound outbound;

    private volatile HttpFetcher fetcher;
    private OutboundClient client;

    @PreDestroy
    void stop() {
        executor.shutdownNow();
        synchronized (this) {
            if (client != null) {
                client.close();
            }
        }
    }

    /** Starts a run in the background; returns its job id. 409 when the harvester is running already. */
    public UUID start(HarvesterDefinition h, String createdBy) {
        HarvestRepository.Lock lock = lockOrConflict(h);
        UUID job;
        try {
            job = jobs.start(KIND, inputs(h), createdBy);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        executor.submit(() -> {
            try (lock) {
                execute(h, job);
            } catch (RuntimeException e) {
                LOG.errorf(e, "harvest %s: run %s failed unexpectedly", h.id(), job);
            }
        });
        return job;
    }

    /** Runs now in this thread; returns the job id (the job says whether it succeeded). Empty if running elsewhere. */
    public Optional<UUID> runNow(HarvesterDefinition h, String createdBy) {
        Optional<HarvestRepository.Lock> lock;
        try {
            lock = repository.tryLock(h.id());
        } catch (SQLException e) {
            throw new HarvestException("cannot take the harvest lock: the database is unreachable", e);
        }
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        try (HarvestRepository.Lock held = lock.get()) {
            UUID job = jobs.start(KIND, inputs(h), createdBy);
            execute(h, job);
            return Optional.of(job);
        }
    }

    /**
     * Runs a scheduled harvester if it still exists and is due once its lock is held (another instance may have
     * run it a moment ago, an admin changed or removed it); does nothing when another instance is running it.
     */
    public void runIfDue(HarvesterDefinition h, String createdBy) {
        Optional<HarvestRepository.Lock> lock;
        try {
            lock = repository.tryLock(h.id());
        } catch (SQLException e) {
            throw new HarvestException("cannot take the harvest lock: the database is unreachable", e);
        }
        if (lock.isEmpty()) {
            return;
        }
        try (HarvestRepository.Lock held = lock.get()) {
            // the definition as it is now, under the lock: changed (PUT) or removed (DELETE) since it was listed
            Optional<HarvesterDefinition> current = registry.find(h.id());
            if (current.isPresent() && HarvestScheduler.due(current.get(), repository.lastStarts().get(h.id()), Instant.now())) {
                execute(current.get(), jobs.start(KIND, inputs(current.get()), createdBy));
            }
        }
    }

    private HarvestRepository.Lock lockOrConflict(HarvesterDefinition h) {
        try {
            return repository.tryLock(h.id()).orElseThrow(() -> new TweelingException(409, "Conflict",
                    "harvester " + h.id() + " is running already; wait for its job to finish", null, null));
        } catch (SQLException e) {
            throw TweelingException.unavailable("the database is unreachable; try again later");
        }
    }

    private static Map<String, Object> inputs(HarvesterDefinition h) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("harvester", h.id());
        in.put("type", h.type());
        in.put("url", Urls.redact(h.url()));
        return in;
    }

    /** The run itself, under the lock, in a started job. Never throws for source problems: the job fails. */
    void execute(HarvesterDefinition h, UUID job) {
        JobHandle handle = running.open(job);
        try {
            if (handle.start()) {
                execute(h, job, handle);
            } else {
                dismissed(h, job, handle.dismissal());
            }
        } finally {
            running.close(handle);
        }
    }

    private void dismissed(HarvesterDefinition h, UUID job, String message) {
        jobs.dismiss(job, message == null ? "dismissed; the run wrote nothing" : message);
        LOG.infof("harvest %s: run %s dismissed", h.id(), job);
    }

    /** Records progress; a checkpoint: stops the run ({@link JobDismissedException}) once the job is dismissed. */
    private void progress(JobHandle handle, UUID job, int percent, String message) {
        if (!jobs.progress(job, percent, message)) {
            handle.cancel("dismissed");
        }
        handle.check();
    }

    private void execute(HarvesterDefinition h, UUID job, JobHandle handle) {
        long t0 = System.nanoTime();
        Instant fetchedAt = Instant.now();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("url", Urls.redact(h.url()));
        results.put("fetchedAt", fetchedAt.toString());
        try {
            if (HarvesterTypes.OGCAPI_FEATURES.equals(h.type())) {
                results.putAll(features.harvest(h, job, fetcher(), config.maxPages(), (p, m) -> progress(handle, job, p, m)));
            } else {
                results.putAll(harvestObservations(h, job, handle));
            }
        } catch (JobDismissedException e) {
            dismissed(h, job, e.getMessage());
            return;
        } catch (RuntimeException | SQLException e) {
            if (handle.cancelled()) {
                dismissed(h, job, handle.dismissal());
                return;
            }
            failed(h, job, e);
            return;
        }
        results.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        jobs.succeed(job, results);
        LOG.infof("harvest %s: run %s done %s", h.id(), job, results);
    }

    /** Records why a run failed, as before dismissing existed: source problems, database trouble, the unexpected. */
    private void failed(HarvesterDefinition h, UUID job, Exception e) {
        if (e instanceof HarvestException || e instanceof IllegalArgumentException) {
            LOG.warnf("harvest %s: run %s failed: %s", h.id(), job, e.getMessage());
            jobs.fail(job, e.getMessage());
        } else if (e instanceof SQLException) {
            LOG.warnf(e, "harvest %s: run %s failed writing", h.id(), job);
            jobs.fail(job, "writing to the database failed; nothing of this run was written. Try again later");
        } else {
            LOG.errorf(e, "harvest %s: run %s failed", h.id(), job);
            jobs.fail(job, "the run failed unexpectedly (" + e.getClass().getSimpleName() + "); see the server log");
        }
    }

    /** One fetcher for every run: its client goes through the outbound policy (platform/outbound). */
    private HttpFetcher fetcher() {
        HttpFetcher f = fetcher;
        if (f == null) {
            synchronized (this) {
                if (fetcher == null) {
                    client = outbound.client(config.fetchTimeout(), config.fetchTimeout(), config.maxBytes());
                    fetcher = new HttpFetcher(client, config.fetchTimeout(), config.maxBytes());
                }
                f = fetcher;
            }
        }
        return f;
    }

    private Map<String, Object> harvestObservations(HarvesterDefinition h, UUID job, JobHandle handle) throws SQLException {
        HarvestSource source = types.source(h);
        HttpFetcher fetcher = fetcher();
        OutboundClient.Secret secret = HarvestCredentials.secret(h);
        Collector collector = new Collector(config.maxReasons());
        progress(handle, job, 5, "fetching " + Urls.redact(h.url()));
        source.harvest(new HarvestContext() {
            @Override
            public HarvesterDefinition harvester() {
                return h;
            }

            @Override
            public HttpFetcher.Fetched fetch(String url, String accept) {
                return fetcher.get(url, accept, secret);
            }

            @Override
            public Optional<Instant> latest(String datastreamKey) {
                return repository.latest(datastreamKey);
            }

            @Override
            public void progress(int percent, String message) {
                HarvestRunner.this.progress(handle, job, 5 + percent / 2, message);
            }
        }, collector);
        progress(handle, job, 60, "read " + collector.readings.size() + " values; registering datastreams");

        Map<String, SourceStream> streams = new LinkedHashMap<>();
        for (Reading r : collector.readings) {
            streams.putIfAbsent(r.stream().key(), r.stream());
        }
        repository.register(streams.values(), h.source(), job);
        catalog.invalidate();

        List<Observation> batch = new ArrayList<>(collector.readings.size());
        for (Reading r : collector.readings) {
            ObservationMessage m = new ObservationMessage(r.stream().key(), r.phenomenonTime(), r.result(), null, null, null, null);
            try {
                batch.add(ingest.validate(m, h.source(), r.offset()));
            } catch (InvalidObservationException e) {
                collector.record(r.offset(), e.getMessage());
            }
        }
        if (collector.rejected > 0) {
            ingest.rejected(KIND, (int) collector.rejected);
        }
        progress(handle, job, 75, "writing " + batch.size() + " observations");
        if (!handle.finish()) {
            throw new JobDismissedException(handle.dismissal());
        }
        ObservationRepository.WriteResult written = ingest.write(batch, KIND, job);
        try {
            // committed: live streams and MQTT hear of harvested observations as of any other
            committed.publish(written.stored());
        } catch (Exception e) {
            LOG.warnf("harvest %s: %d stored observation(s) not published to the change topic: %s", h.id(),
                    written.stored().size(), e.getMessage());
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fetched", collector.readings.size() + collector.readerRejected);
        out.put("missing", collector.missing);
        out.put("datastreams", streams.size());
        out.put("inserted", written.inserted());
        out.put("unchanged", written.unchanged());
        out.put("corrected", written.corrected());
        out.put("rejected", collector.rejected);
        out.put("rejections", collector.reasons);
        return out;
    }

    /** Gathers a run's readings and rejections in memory (the run writes them in one transaction). */
    static final class Collector implements ReadingSink {
        final List<Reading> readings = new ArrayList<>();
        final List<Map<String, Object>> reasons = new ArrayList<>();
        final int maxReasons;
        long rejected;
        long readerRejected;
        long missing;

        Collector(int maxReasons) {
            this.maxReasons = maxReasons;
        }

        @Override
        public void reading(Reading reading) {
            readings.add(reading);
        }

        @Override
        public void rejected(long offset, String reason) {
            readerRejected++;
            record(offset, reason);
        }

        void record(long offset, String reason) {
            rejected++;
            if (reasons.size() < maxReasons) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("offset", offset);
                r.put("reason", reason);
                reasons.add(r);
            }
        }

        @Override
        public void missing(long offset) {
            missing++;
        }
    }
}
