package nl.tweeling.job;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Job metrics on /q/metrics: {@code tweeling_jobs_started_total{kind}} and
 * {@code tweeling_job_duration_seconds{kind,outcome}} (its {@code _count} counts the finished jobs). Kinds are the
 * code's own (import, harvest, sample-load, …) and outcomes the end statuses, so the tag sets stay closed.
 */
@ApplicationScoped
public class JobMetrics {

    @Inject
    MeterRegistry metrics;

    void started(String kind) {
        Counter.builder("tweeling.jobs.started")
                .description("Jobs started (imports, harvests, sample loads), by kind")
                .tag("kind", kind).register(metrics).increment();
    }

    /** A job ended with {@code outcome} (successful, failed, dismissed); its duration from start (or creation). */
    void finished(Job job, String outcome) {
        OffsetDateTime from = job.startedAt != null ? job.startedAt : job.createdAt;
        Duration d = from == null ? Duration.ZERO : Duration.between(from, OffsetDateTime.now(ZoneOffset.UTC));
        Timer.builder("tweeling.job.duration")
                .description("Time from a job's start to its end (imports, harvests, sample loads), by kind and"
                        + " outcome (successful, failed, dismissed); _count is the number of jobs that ended so")
                .tag("kind", job.kind).tag("outcome", outcome).register(metrics)
                .record(d.isNegative() ? Duration.ZERO : d);
    }
}
