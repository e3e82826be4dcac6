package nl.tweeling.scenario;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.locationtech.jts.io.WKBWriter;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.Relation;
import nl.tweeling.feature.edit.BaselineTarget;
import nl.tweeling.feature.edit.EditSchema;
import nl.tweeling.feature.edit.EditTarget;
import nl.tweeling.feature.edit.FeatureEdit;
import nl.tweeling.feature.edit.Lineage;
import nl.tweeling.feature.edit.Version;
import nl.tweeling.platform.security.Caller;

/**
 * A scenario as a target of the Part 4 edits ({@code feature.edit.EditService}): each edit is the scenario's next
 * revision, written into the layer's shadow table (made on the first edit of the layer), never into the
 * baseline. The scenario's row is locked from {@code begin} to the commit, so its edits (and reverts) happen one at
 * a time and revisions are numbered without gaps. A feature's version is its row key in the scenario's relation
 * and the start of the version, as in the baseline: the ETag a GET under /scenarios/{sid} gives is what If-Match
 * names. {@link #of} binds the target to one scenario and caller; the bound target holds no state between edits.
 */
@ApplicationScoped
public class ScenarioTarget {

    @Inject
    ScenarioRepository repository;

    @Inject
    LayerRelations relations;

    /** The target for edits of scenario {@code scenarioId} by {@code caller} (who must be its owner or an admin). */
    public EditTarget of(long scenarioId, Caller caller) {
        return new Bound(scenarioId, caller);
    }

    /** One edit's state: the locked scenario, its relation before the edit, the revision and shadow table. */
    static final class ScenarioWrite implements EditTarget.Write {
        Scenario scenario;
        Relation before;
        int revision;
        String shadow;
    }

    private final class Bound implements EditTarget {

        private final long scenarioId;
        private final Caller caller;

        Bound(long scenarioId, Caller caller) {
            this.scenarioId = scenarioId;
            this.caller = caller;
        }

        @Override
        public String newFeatureId(Layer layer) {
            return java.util.UUID.randomUUID().toString();
        }

        @Override
        public Write begin(Connection c, Layer layer) throws SQLException {
            Scenario s = repository.find(c, scenarioId, true)
                    .orElseThrow(() -> TweelingException.notFound("There is no scenario " + scenarioId + "."));
            ScenarioService.checkWrite(s, caller);
            if (layer.maintained()) {
                throw TweelingException.conflict("Collection " + layer.id() + " is kept by the platform ("
                        + layer.maintainedBy() + "); scenarios cannot edit it.");
            }
            ScenarioWrite w = new ScenarioWrite();
            w.scenario = s;
            w.before = relations.relation(c, layer.id(), s, s.revision());
            w.revision = s.revision() + 1;
            return w;
        }

        @Override
        public Optional<Version> current(Connection c, Write w, Layer layer, String featureId) throws SQLException {
            return repository.state(c, ((ScenarioWrite) w).before, featureId).map(state -> {
                Instant from = (Instant) state[1];
                return new Version(featureId, Version.token((Long) state[0], from), from);
            });
        }

        @Override
        public Instant now(Connection c, Version current) throws SQLException {
            Instant now;
            try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("edit/select_clock.sql"));
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                now = rs.getTimestamp(1).toInstant().truncatedTo(ChronoUnit.MICROS);
            }
            if (current != null && !now.isAfter(current.validFrom())) {
                now = current.validFrom().plus(1, ChronoUnit.MICROS);
            }
            return now;
        }

        /** The layer's shadow table, made on its first edit; the scenario's alive version of the feature ends. */
        private void prepare(Connection c, ScenarioWrite w, Layer layer, String featureId) throws SQLException {
            w.shadow = repository.shadowFor(c, w.scenario, layer, w.revision);
            repository.endVersion(c, w.shadow, scenarioId, featureId, w.revision);
        }

        @Override
        public Version insert(Connection c, Write w, Layer layer, String featureId, Version replaced, FeatureEdit edit,
                Lineage lineage) throws SQLException {
            ScenarioWrite sw = (ScenarioWrite) w;
            prepare(c, sw, layer, featureId);
            byte[] wkb = edit.geometry() == null ? null : new WKBWriter(2).write(edit.geometry());
            int srid = edit.geometry() == null ? 0 : edit.geometry().getSRID();
            Object[] row;
            try {
                row = repository.insertVersion(c, sw.shadow, layer, sw.scenario, sw.revision, sw.before, featureId,
                        edit.values(), replaced != null, wkb, srid, lineage.at(), lineage.editId().toString());
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (state.startsWith("22") || state.startsWith("23")) {
                    throw TweelingException.badBody("The feature does not fit collection " + layer.id()
                            + " (its table refuses a value: a required one is missing or one is out of range).",
                            java.util.List.of());
                }
                throw e;
            }
            Instant from = (Instant) row[1];
            return new Version(featureId, Version.token((Long) row[0], from), from);
        }

        @Override
        public void end(Connection c, Write w, Layer layer, Version current, Lineage lineage) throws SQLException {
            ScenarioWrite sw = (ScenarioWrite) w;
            prepare(c, sw, layer, current.featureId());
            repository.insertDelete(c, sw.shadow, layer, scenarioId, sw.revision, sw.before, current.featureId());
        }

        @Override
        public void finish(Connection c, Write w, Layer layer, String featureId, FeatureEdit.Operation operation,
                Lineage lineage) throws SQLException {
            ScenarioWrite sw = (ScenarioWrite) w;
            repository.nextRevision(c, sw.scenario, lineage.holder(), operation.id() + " " + layer.id() + "/" + featureId);
            BaselineTarget.logEdit(c, lineage, layer.id(), featureId, operation, Long.toString(scenarioId));
        }

        @Override
        public void afterCommit(Write w, Layer layer) {
            // nothing to evict: a scenario's cached tiles are keyed by its revision, and this made a new one
        }

        @Override
        public Map<String, EditSchema.ColumnRule> columnRules(Connection c, Layer layer) throws SQLException {
            return BaselineTarget.rulesOf(c, layer);
        }
    }
}
