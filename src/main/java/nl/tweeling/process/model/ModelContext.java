package nl.tweeling.process.model;

import java.sql.Connection;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What a running {@link Model} may use; given by the machinery, one per run, used by the run's thread only.
 *
 * <p>Reading: {@link #relation} gives, for a layer id, the SQL of a relation with that layer's columns holding its
 * current features as the requested scenario/revision makes them; use it in FROM clauses of SQL run on
 * {@link #connection()}. Writing: {@link #createLayer} for result layers (served through OGC API Features and Tiles
 * once the job succeeds), {@link #figure} for per-buurt figures. Everything happens in the job's one transaction.
 */
public interface ModelContext {

    /** The job's id (the result layers' rows carry it as {@code source_run}). */
    UUID jobId();

    /**
     * The job's JDBC connection, inside its transaction (auto-commit off). Do not commit, roll back or close it;
     * bind every value; take identifiers only from {@link #relation} and {@link ResultLayer#table()}.
     */
    Connection connection();

    /**
     * The SQL of a parenthesised relation, without bind parameters, holding the current features of layer
     * {@code layerId} with all of the layer table's columns (feature_id, attributes, geom in EPSG:28992,
     * geom_crs84, history and lineage columns), as the run's scenario and revision make them. Baseline:
     * {@code (SELECT * FROM "tweeling"."buildings" WHERE valid_to IS NULL)}. Use it as {@code FROM <relation> AS b}.
     *
     * @throws IllegalArgumentException when there is no such layer (or it is deleted in the scenario)
     */
    String relation(String layerId);

    /** The scenario the run reads, or null for the baseline. */
    String scenario();

    /** The scenario revision the run reads (null for the baseline or a scenario's current revision at start). */
    Long revision();

    /** When the run started: the datetime of the data it reads (recorded in the result layers' lineage). */
    OffsetDateTime dataTime();

    /**
     * Reports progress (0–100, clamped, never going back) and what the run does now. Cheap: call it as often as
     * you like; the job row is updated about every half second. Throws {@link ModelCancelledException} once the job
     * has been dismissed.
     */
    void progress(int percent, String message);

    /** Throws {@link ModelCancelledException} when the job has been dismissed; call it in long loops. */
    void checkCancelled();

    /**
     * Creates a result layer {@code result-<first 8 hex of the job id>-<name>} with the house layer columns
     * (feature_id, the given attribute columns, geom of {@code geometryType} in EPSG:28992, geom_crs84, valid_from,
     * valid_to, content_hash, source = 'process:&lt;model id&gt;', source_run = the job, source_id, fetched_at,
     * ingested_at) and registers it with lineage (process, model version, inputs, scenario, revision, data time).
     * Rows are inserted through {@link ResultLayer#add} or by SQL into {@link ResultLayer#table()} (giving
     * feature_id, the attributes and geom: the other columns have defaults). Indexes and statistics are built when
     * the run returns.
     *
     * @param name lower case letters, digits and hyphens, at most 30 characters; the same as its
     *            {@link OutputDescriptor#layer} output's id
     * @param geometryType a PostGIS geometry type: Point, MultiPoint, MultiLineString, Polygon, MultiPolygon, Geometry
     */
    ResultLayer createLayer(String name, String title, String description, String geometryType,
            List<ResultLayer.Column> columns);

    /**
     * Records figure {@code figureId} (declared in {@link Model#figures()}) for buurt {@code buurtCode} (the
     * buurten layer's {@code code}); writing the same pair again replaces the value. Buurten without a value count
     * as 0 in a comparison.
     */
    void figure(String buurtCode, String figureId, double value);
}
