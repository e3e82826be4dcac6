package nl.tweeling.process;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.sql.Backends;
import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerChanged;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobDismissedException;
import nl.tweeling.job.JobHandle;
import nl.tweeling.job.JobService;
import nl.tweeling.job.RunningJobs;
import nl.tweeling.platform.security.Caller;
import nl.tweeling.process.model.InvalidInputsException;
import nl.tweeling.process.model.Model;
import nl.tweeling.process.model.ModelCancelledException;

/**
 * Runs models as jobs (OGC API – Processes execute): validates the inputs (every problem at once, nothing started),
 * creates the job, runs the model on a worker in one transaction on one connection, and records the outcome. A run
 * commits its result layers and figures together with its claim of the job's end ({@link JobService#claimFinish}),
 * so a dismissal either stops it (rollback: nothing remains) or finds it committing. Progress the model reports is
 * written to the job about every half second by one ticker thread.
 */
@ApplicationScoped
public class ProcessService {

    /** Job kinds of process jobs: this prefix and the process id. */
    public static final String KIND_PREFIX = "process:";
    /** The inputs every process accepts besides its own. */
    static final String SCENARIO = "scenario";
    static final String REVISION = "revision";

    private static final Logger LOG = Logger.getLogger(ProcessService.class);

    @Inject
    DataSource dataSource;

    @Inject
    JobService jobs;

    @Inject
    RunningJobs running;

    @Inject
    LayerRegistry layers;

    @Inject
    Instance<ScenarioRelations> scenarios;

    @Inject
    Event<LayerChanged> changes;

    @Inject
    ObjectMapper json;

    @Inject
    ProcessConfig config;

    private ThreadPoolExecutor executor;
    private ScheduledExecutorService ticker;

    /**
     * A started job, whether the model calls the run small (may answer synchronously), and the end of its run
     * (completes when the run has ended, however it ended).
     */
    public record Execution(Job job, boolean small, CompletableFuture<Void> done) {
    }

    @PostConstruct
    void init() {
        executor = new ThreadPoolExecutor(config.workers(), config.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queue()), r -> {
                    Thread t = new Thread(r, "tweeling-process");
                    t.setDaemon(true);
                    return t;
                });
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tweeling-process-progress");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
        ticker.shutdownNow();
    }

    /** The job kind of process {@code id}. */
    public static String kind(String processId) {
        return KIND_PREFIX + processId;
    }

    /** The process id of a job, or empty when it is no process job. */
    public static Optional<String> processId(Job job) {
        return job.kind.startsWith(KIND_PREFIX) ? Optional.of(job.kind.substring(KIND_PREFIX.length()))
                : Optional.empty();
    }

    /**
     * Validates {@code raw} (the execute request's inputs) and starts a job running {@code model} for {@code caller}
     * (whose key name the job records). A 400 listing every problem when the inputs are bad (nothing started); a
     * 503 when too many process jobs wait.
     */
    public <I, R> Execution execute(Model<I, R> model, Map<String, Object> raw, Caller caller) {
        List<Map<String, Object>> problems = new ArrayList<>();
        Map<String, Object> own = new LinkedHashMap<>(raw);
        Object scenarioValue = own.remove(SCENARIO);
        Object revisionValue = own.remove(REVISION);
        String scenario = null;
        Long revision = null;
        if (scenarioValue != null) {
            if (scenarioValue instanceof String s && s.matches("[0-9]{1,18}")) {
                scenario = s;
            } else if ((scenarioValue instanceof Integer || scenarioValue instanceof Long)
                    && ((Number) scenarioValue).longValue() > 0) {
                scenario = String.valueOf(scenarioValue);
            } else {
                problems.add(problem(SCENARIO, "scenario must be a scenario id, a whole number (GET /scenarios lists"
                        + " them); leave it out to run on the baseline."));
            }
        }
        if (revisionValue != null) {
            if (revisionValue instanceof Number n && n.longValue() == n.doubleValue() && n.longValue() >= 0) {
                revision = n.longValue();
            } else {
                problems.add(problem(REVISION, "revision must be a whole number of 0 or more (a revision of the"
                        + " scenario); leave it out for the scenario's current revision."));
            }
            if (scenarioValue == null) {
                problems.add(problem(REVISION, "revision is a revision of a scenario: give scenario too, or leave"
                        + " revision out to run on the baseline."));
            }
        }
        I inputs = null;
        try {
            inputs = model.parseInputs(own);
        } catch (InvalidInputsException e) {
            for (InvalidInputsException.Problem p : e.problems()) {
                problems.add(problem(p.input(), p.detail()));
            }
        }
        if (scenario != null && problems.isEmpty() && !scenarios.isResolvable()) {
            problems.add(problem(SCENARIO, "This server offers no scenarios yet: leave scenario out to run on the"
                    + " baseline."));
        }
        if (!problems.isEmpty()) {
            throw TweelingException.badBody(problems.size() == 1 ? String.valueOf(problems.get(0).get("detail"))
                    : problems.size() + " inputs are invalid (see errors); nothing was started. GET /processes/"
                    + model.id() + " describes the inputs.", problems);
        }
        Long resolved = scenario == null ? null : scenarios.get().resolve(scenario, revision, caller);
        Map<String, Object> stored = new LinkedHashMap<>(own);
        if (scenario != null) {
            stored.put(SCENARIO, Long.parseLong(scenario));
            stored.put(REVISION, resolved);
        }
        Job job = jobs.submit(kind(model.id()), stored, caller.key().name());
        JobHandle handle = running.open(job.id);
        CompletableFuture<Void> done = new CompletableFuture<>();
        final I in = inputs;
        final String sc = scenario;
        try {
            executor.execute(() -> {
                try {
                    run(job.id, handle, model, in, sc, resolved, stored);
                } finally {
                    running.close(handle);
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            running.close(handle);
            jobs.fail(job.id, "not started: too many process jobs are waiting", Map.of());
            throw new TweelingException(503, "Service unavailable", "Too many process jobs are waiting ("
                    + config.queue() + "); try again when some have finished (GET /jobs?type=process).", null, null);
        }
        return new Execution(job, model.small(inputs), done);
    }

    private static Map<String, Object> problem(String input, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("input", input);
        p.put("detail", detail);
        return p;
    }

    private <I, R> void run(UUID job, JobHandle handle, Model<I, R> model, I inputs, String scenario, Long revision,
            Map<String, Object> stored) {
        try {
            if (!handle.start() || !jobs.running(job, "running " + model.id())) {
                throw new JobDismissedException(handle.dismissal());
            }
            OffsetDateTime dataTime = OffsetDateTime.now(ZoneOffset.UTC);
            Function<String, String> relations = scenario == null ? this::baseline
                    : id -> scenarios.get().relation(id, scenario, revision);
            R result;
            Map<String, String> written;
            try (Connection c = dataSource.getConnection();
                    JobHandle.Registration cancel = handle.onCancel(cancelling(Backends.pid(c)))) {
                c.setAutoCommit(false);
                RunContext ctx = new RunContext(job, c, model, relations, scenario, revision, dataTime, stored, handle,
                        json);
                ScheduledFuture<?> tick = ticker.scheduleAtFixedRate(() -> flushProgress(job, ctx, handle), 500, 500,
                        TimeUnit.MILLISECONDS);
                try {
                    result = model.run(inputs, ctx);
                    ctx.progress(99, "writing the results");
                    written = ctx.finish();
                    tick.cancel(false);
                    if (!handle.finish() || !JobService.claimFinish(c, job)) {
                        throw new JobDismissedException(handle.dismissal());
                    }
                    c.commit();
                } catch (Exception | Error e) {
                    tick.cancel(false);
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
            layers.invalidate();
            for (String layer : written.values()) {
                changes.fire(LayerChanged.whole(layer));
            }
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("outputs", model.outputs(result));
            results.put("layers", written);
            results.put("modelVersion", model.version());
            results.put("dataTime", dataTime.toString());
            jobs.succeed(job, results, "done: " + written.size() + " result layer(s)");
            LOG.infof("process job %s (%s) succeeded", job, model.id());
        } catch (JobDismissedException | ModelCancelledException e) {
            dismissed(job, e.getMessage());
        } catch (Exception e) {
            if (handle.cancelled()) {
                dismissed(job, handle.dismissal());
            } else if (e instanceof SQLException s) {
                LOG.errorf(e, "process job %s (%s) failed in the database", job, model.id());
                fail(job, "The run failed in the database (SQLSTATE " + s.getSQLState() + "); nothing was written."
                        + " Tell the operators the job id.");
            } else if (e instanceof IllegalArgumentException || e instanceof TweelingException) {
                fail(job, e.getMessage() + " Nothing was written.");
            } else {
                LOG.errorf(e, "process job %s (%s) failed", job, model.id());
                fail(job, "The run failed (" + model.id() + " " + model.version() + "); nothing was written. Tell"
                        + " the operators the job id.");
            }
        } catch (Error e) {
            LOG.errorf(e, "process job %s (%s) failed", job, model.id());
            fail(job, "The run failed; nothing was written.");
            throw e;
        }
    }

    /** The baseline relation of a layer: its current rows. */
    String baseline(String layerId) {
        Layer layer = layers.find(layerId).orElseThrow(() -> new IllegalArgumentException("There is no layer "
                + layerId + " to read."));
        return "(SELECT * FROM " + Identifiers.qualified(layer.tableSchema(), layer.tableName())
                + " WHERE valid_to IS NULL)";
    }

    private void flushProgress(UUID job, RunContext ctx, JobHandle handle) {
        try {
            Object[] p = ctx.pendingProgress();
            if (p != null && !jobs.progress(job, (Integer) p[0], (String) p[1])) {
                handle.cancel("dismissed");
            }
        } catch (RuntimeException e) {
            LOG.warnf("process job %s: could not record progress: %s", job, e.getMessage());
        }
    }

    private Runnable cancelling(int pid) {
        return () -> Backends.cancel(dataSource, List.of(pid));
    }

    private void dismissed(UUID job, String message) {
        try {
            jobs.dismiss(job, message == null ? "dismissed; the run changed nothing" : message);
        } catch (RuntimeException e) {
            LOG.errorf(e, "process job %s: could not record its dismissal", job);
        }
        LOG.infof("process job %s dismissed: stopped and rolled back", job);
    }

    private void fail(UUID job, String message) {
        try {
            jobs.fail(job, message, Map.of());
        } catch (RuntimeException e) {
            LOG.errorf(e, "process job %s: could not record its failure", job);
        }
    }
}
