package nl.tweeling.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import nl.tweeling.common.sql.SqlFiles;

/**
 * Creates jobs and records their progress. Each change commits on its own (REQUIRES_NEW), so progress is
 * visible to every instance while the work itself runs in its own transaction. A dismissed job stays dismissed:
 * later progress, success or failure reports of its runner change nothing.
 */
@ApplicationScoped
public class JobService {

    @Inject
    EntityManager em;

    @Inject
    JobMetrics metrics;

    @Inject
    javax.sql.DataSource dataSource;

    /** A new running job. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public UUID start(String kind, Map<String, Object> inputs, String createdBy) {
        Job job = newJob(kind, inputs, createdBy, Job.RUNNING);
        job.startedAt = job.createdAt;
        em.persist(job);
        metrics.started(kind);
        return job.id;
    }

    /** A new job waiting for a worker (status accepted). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Job submit(String kind, Map<String, Object> inputs, String createdBy) {
        Job job = newJob(kind, inputs, createdBy, Job.ACCEPTED);
        em.persist(job);
        return job;
    }

    private Job newJob(String kind, Map<String, Object> inputs, String createdBy, String status) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.kind = kind;
        job.inputs.putAll(inputs);
        job.createdBy = createdBy;
        job.status = status;
        job.createdAt = now();
        job.updatedAt = job.createdAt;
        return job;
    }

    /** A worker took the job; false (nothing changes) when the job was dismissed while it waited. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean running(UUID id, String message) {
        Job job = em.find(Job.class, id);
        if (job.finished()) {
            return false;
        }
        job.status = Job.RUNNING;
        job.message = message;
        job.startedAt = now();
        job.updatedAt = job.startedAt;
        metrics.started(job.kind);
        return true;
    }

    /** The newest jobs that {@code createdBy} started, optionally of one kind. */
    @Transactional
    public List<Job> listStartedBy(String createdBy, String kind, int limit) {
        if (kind == null) {
            return em.createQuery("SELECT j FROM Job j WHERE j.createdBy = :by ORDER BY j.createdAt DESC", Job.class)
                    .setParameter("by", createdBy).setMaxResults(limit).getResultList();
        }
        return em.createQuery("SELECT j FROM Job j WHERE j.createdBy = :by AND j.kind = :kind ORDER BY j.createdAt DESC",
                Job.class).setParameter("by", createdBy).setParameter("kind", kind).setMaxResults(limit).getResultList();
    }

    /**
     * A page of the job list, newest first (select_jobs.sql): {@code createdBy} null for every job (admin), empty
     * {@code kinds}/{@code statuses} for any, null bounds for none; durations in seconds.
     */
    @Transactional
    public List<Job> search(String createdBy, List<String> kinds, List<String> statuses, java.time.Instant from,
            java.time.Instant to, Double minDuration, Double maxDuration, int limit, long offset) {
        List<UUID> ids = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("job/select_jobs.sql"))) {
            java.sql.Array k = c.createArrayOf("text", kinds.toArray());
            java.sql.Array st = c.createArrayOf("text", statuses.toArray());
            ps.setString(1, createdBy);
            ps.setString(2, createdBy);
            ps.setArray(3, k);
            ps.setArray(4, k);
            ps.setArray(5, st);
            ps.setArray(6, st);
            OffsetDateTime f = from == null ? null : from.atOffset(ZoneOffset.UTC);
            OffsetDateTime t = to == null ? null : to.atOffset(ZoneOffset.UTC);
            ps.setObject(7, f);
            ps.setObject(8, f);
            ps.setObject(9, t);
            ps.setObject(10, t);
            ps.setObject(11, minDuration);
            ps.setObject(12, minDuration);
            ps.setObject(13, maxDuration);
            ps.setObject(14, maxDuration);
            ps.setInt(15, limit);
            ps.setLong(16, offset);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not list jobs", e);
        }
        List<Job> out = new java.util.ArrayList<>();
        for (UUID id : ids) {
            Job j = em.find(Job.class, id);
            if (j != null) {
                out.add(j);
            }
        }
        return out;
    }

    /** The newest jobs first, optionally of one kind. */
    @Transactional
    public List<Job> list(String kind, int limit) {
        if (kind == null) {
            return em.createQuery("SELECT j FROM Job j ORDER BY j.createdAt DESC", Job.class)
                    .setMaxResults(limit).getResultList();
        }
        return em.createQuery("SELECT j FROM Job j WHERE j.kind = :kind ORDER BY j.createdAt DESC", Job.class)
                .setParameter("kind", kind).setMaxResults(limit).getResultList();
    }

    /** Ends a job as failed and keeps what it found out (e.g. a partial report) in its results. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void fail(UUID id, String message, Map<String, Object> results) {
        Job job = em.find(Job.class, id);
        if (Job.DISMISSED.equals(job.status)) {
            return;
        }
        job.status = Job.FAILED;
        job.message = message;
        job.results.putAll(results);
        job.finishedAt = now();
        job.updatedAt = job.finishedAt;
        metrics.finished(job, Job.FAILED);
    }

    /**
     * Records progress; false (nothing changes) when the job was dismissed meanwhile, e.g. through another
     * instance: the runner should then stop.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean progress(UUID id, int percent, String message) {
        Job job = em.find(Job.class, id);
        if (Job.DISMISSED.equals(job.status)) {
            return false;
        }
        job.progress = Math.max(0, Math.min(100, percent));
        job.message = message;
        job.updatedAt = now();
        return true;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void succeed(UUID id, Map<String, Object> results) {
        succeed(id, results, "done");
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void succeed(UUID id, Map<String, Object> results, String message) {
        Job job = em.find(Job.class, id);
        if (Job.DISMISSED.equals(job.status)) {
            return;
        }
        job.status = Job.SUCCESSFUL;
        job.progress = 100;
        job.results.putAll(results);
        job.message = message;
        job.finishedAt = now();
        job.updatedAt = job.finishedAt;
        metrics.finished(job, Job.SUCCESSFUL);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void fail(UUID id, String message) {
        fail(id, message, Map.of());
    }

    /**
     * Marks an accepted or running job dismissed unless it is committing (progress 100); false when it was not
     * (it had ended, or was committing). Waits for a run that locked the job table (a new layer's lineage key)
     * to end first.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean dismiss(UUID id, String message) {
        boolean dismissed = em.createNativeQuery(SqlFiles.get("job/dismiss_job.sql"))
                .setParameter(1, message).setParameter(2, id).executeUpdate() == 1;
        if (dismissed) {
            Job job = em.find(Job.class, id);
            if (job != null) {
                metrics.finished(job, Job.DISMISSED);
            }
        }
        return dismissed;
    }

    /**
     * Inside a run's own transaction, just before it commits: claims the job's end (progress 100), so a dismissal
     * through any instance now waits for the commit and then finds the job finishing. False when the job was
     * dismissed: roll back.
     */
    public static boolean claimFinish(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("job/claim_finish.sql"))) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    @Transactional
    public Optional<Job> find(UUID id) {
        return Optional.ofNullable(em.find(Job.class, id));
    }

    /** The newest successful job of a kind whose input {@code name} equals {@code value}. */
    @Transactional
    public Optional<Job> lastSuccessful(String kind, String name, String value) {
        List<?> ids = em.createNativeQuery(
                "SELECT id FROM tweeling.job WHERE kind = ?1 AND status = 'successful' AND inputs ->> ?2 = ?3"
                        + " ORDER BY finished_at DESC LIMIT 1")
                .setParameter(1, kind).setParameter(2, name).setParameter(3, value)
                .getResultList();
        return ids.isEmpty() ? Optional.empty() : Optional.ofNullable(em.find(Job.class, (UUID) ids.get(0)));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
