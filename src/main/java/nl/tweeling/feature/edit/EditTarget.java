package nl.tweeling.feature.edit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import nl.tweeling.feature.Layer;

/**
 * Where {@link EditService} writes: the live baseline ({@link BaselineTarget}) or, plugged in by the scenario
 * package, a scenario's overlay. The service opens one JDBC transaction and calls, in this order:
 * {@link #begin}, {@link #columnRules} (then it validates the body), {@link #current} (for replace, update,
 * delete), {@link #now}, then one of
 * {@link #insert} / {@link #end}, then {@link #finish}; it commits and then calls {@link #afterCommit}. A target
 * never commits or rolls back; any exception rolls everything back, a {@code TweelingException} reaches the
 * client as it is. Implementations are application-scoped and thread-safe; the per-edit state they need between
 * the calls goes in the {@link Write} the service passes along.
 */
public interface EditTarget {

    /** State of one edit between the calls, owned by the target (the service only carries it). */
    interface Write {
    }

    /** Ids a create gives new features when the target has no rule of its own: random UUIDs. */
    default String newFeatureId(Layer layer) {
        return java.util.UUID.randomUUID().toString();
    }

    /**
     * Starts an edit of {@code layer} on {@code c} (auto-commit off): checks the target may be written (else a
     * {@code TweelingException}, e.g. 409) and takes the locks that keep concurrent edits of the layer apart.
     */
    Write begin(Connection c, Layer layer) throws SQLException;

    /** The current version of the feature, locked until the transaction ends; empty when it has none (404). */
    Optional<Version> current(Connection c, Write w, Layer layer, String featureId) throws SQLException;

    /**
     * The instant of this edit: the database's clock, later than {@code current}'s start (null on create), so
     * versions stay ordered even within one microsecond.
     */
    Instant now(Connection c, Version current) throws SQLException;

    /**
     * Writes a new version of the feature: for create ({@code replaced} null) the feature's first; for replace and
     * update the version after {@code replaced}, which this ends at {@code lineage.at()}. Columns that
     * {@code edit.values()} leaves out keep {@code replaced}'s values (replace, update) or get their defaults
     * (create); a null {@code edit.geometry()} keeps {@code replaced}'s geometry. The geometry arrives in its request
     * CRS (its SRID) and is stored in the layer's.
     *
     * @return the version written
     */
    Version insert(Connection c, Write w, Layer layer, String featureId, Version replaced, FeatureEdit edit,
            Lineage lineage) throws SQLException;

    /** Ends {@code current} at {@code lineage.at()} (delete): the feature has no current version afterwards. */
    void end(Connection c, Write w, Layer layer, Version current, Lineage lineage) throws SQLException;

    /**
     * Last call in the transaction: records the edit ({@code operation}) and keeps what the target derives from
     * its rows current (the baseline: the registry's count and extents, the changed boxes for the tile caches).
     */
    void finish(Connection c, Write w, Layer layer, String featureId, FeatureEdit.Operation operation,
            Lineage lineage) throws SQLException;

    /** After the commit (never after a rollback): tell others (the baseline fires {@code LayerChanged}). */
    void afterCommit(Write w, Layer layer);

    /**
     * The catalog's rules for the layer's columns (nullability, defaults, generated): what {@link EditSchema#of}
     * needs, read on the edit's connection. Targets over the layer's own table share
     * {@link BaselineTarget#rulesOf}.
     */
    Map<String, EditSchema.ColumnRule> columnRules(Connection c, Layer layer) throws SQLException;
}
