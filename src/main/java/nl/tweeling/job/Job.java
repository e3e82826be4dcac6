package nl.tweeling.job;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A unit of long-running work: an import, a sample load, later an OGC API - Processes job. Status values
 * follow OGC API - Processes ({@code accepted, running, successful, failed, dismissed}); progress is 0-100.
 * Every row written by a job names it in its {@code source_run} column (lineage). A job that is still
 * {@code running} with progress 100 is committing: it can no longer be dismissed (see {@link DismissService}).
 */
@Entity
@Table(name = "job", schema = "tweeling")
public class Job {

    public static final String ACCEPTED = "accepted";
    public static final String RUNNING = "running";
    public static final String SUCCESSFUL = "successful";
    public static final String FAILED = "failed";
    public static final String DISMISSED = "dismissed";
    /** The kind of an OGC API – Processes job is this prefix and the process id. */
    public static final String PROCESS_PREFIX = "process:";

    @Id
    public UUID id;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String status = ACCEPTED;

    @Column(nullable = false)
    public int progress;

    public String message;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> inputs = new LinkedHashMap<>();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> results = new LinkedHashMap<>();

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** The id of the process the job runs (OGC statusInfo processID): the process id, or the kind of other jobs. */
    public String processId() {
        return kind.startsWith(PROCESS_PREFIX) ? kind.substring(PROCESS_PREFIX.length()) : kind;
    }

    /** Whether this is an OGC API – Processes job (one of {@code /processes}). */
    public boolean process() {
        return kind.startsWith(PROCESS_PREFIX);
    }

    /** Successful, failed or dismissed: the job's work has ended. */
    public boolean finished() {
        return SUCCESSFUL.equals(status) || FAILED.equals(status) || DISMISSED.equals(status);
    }
}
