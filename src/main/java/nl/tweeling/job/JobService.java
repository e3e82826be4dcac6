package nl.tweeling.job;

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

/**
 * Creates jobs and records their progress. Each change commits on its own (REQUIRES_NEW), so progress is
 * visible to every instance while the work itself runs in its own transaction.
 */
@ApplicationScoped
public class JobService {

    @Inject
    EntityManager em;

    /** A new running job. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public UUID start(String kind, Map<String, Object> inputs, String createdBy) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.kind = kind;
        job.inputs.putAll(inputs);
        job.createdBy = createdBy;
        job.status = Job.RUNNING;
        job.createdAt = now();
        job.startedAt = job.createdAt;
        job.updatedAt = job.createdAt;
        em.persist(job);
        return job.id;
    }

    /** A new job waiting for a worker (status accepted). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Job submit(String kind, Map<String, Object> inputs, String createdBy) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.kind = kind;
        job.inputs.putAll(inputs);
        job.createdBy = createdBy;
        job.status = Job.ACCEPTED;
        job.createdAt = now();
        job.updatedAt = job.createdAt;
        em.persist(job);
        return job;
    }

    /** A worker took the job. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void running(UUID id, String message) {
        Job job = em.find(Job.class, id);
        job.status = Job.RUNNING;
        job.message = message;
        job.startedAt = now();
        job.updatedAt = job.startedAt;
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
        job.status = Job.FAILED;
        job.message = message;
        job.results.putAll(results);
        job.finishedAt = now();
        job.updatedAt = job.finishedAt;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void progress(UUID id, int percent, String message) {
        Job job = em.find(Job.class, id);
        job.progress = Math.max(0, Math.min(100, percent));
        job.message = message;
        job.updatedAt = now();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void succeed(UUID id, Map<String, Object> results) {
        succeed(id, results, "done");
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void succeed(UUID id, Map<String, Object> results, String message) {
        Job job = em.find(Job.class, id);
        job.status = Job.SUCCESSFUL;
        job.progress = 100;
        job.results.putAll(results);
        job.message = message;
        job.finishedAt = now();
        job.updatedAt = job.finishedAt;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void fail(UUID id, String message) {
        fail(id, message, Map.of());
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
