package nl.tweeling.scenario;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;


import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerChanged;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.platform.security.Caller;
import nl.tweeling.platform.security.Role;

/**
 * Scenarios: who may read and change which, and each change as one transaction that makes one revision
 * (docs/scenarios.md). A private scenario is its owner's and the admins'; a shared one every planner reads, only
 * its owner and admins change. Changes to one scenario are serialised by its row lock.
 */
@ApplicationScoped
public class ScenarioService {

    @Inject
    ScenarioRepository repository;

    @Inject
    LayerRelations relations;

    @Inject
    LayerRegistry registry;

    @Inject
    DataSource dataSource;

    @Inject
    Event<LayerChanged> changes;

    // ------------------------------------------------------------------ access

    /** The scenario when the caller may read it; 404 (as for one that does not exist) otherwise. */
    public Scenario readable(long id, Caller caller) {
        Scenario s = repository.find(id).orElse(null);
        if (s == null || !mayRead(s, caller)) {
            throw notFound(id);
        }
        return s;
    }

    static boolean mayRead(Scenario s, Caller caller) {
        if (!caller.authenticated()) {
            return false;
        }
        return caller.admin() || s.owner().equals(caller.key().name())
                || (Scenario.SHARED.equals(s.visibility()) && caller.key().allows(Role.PLANNER));
    }

    static void checkWrite(Scenario s, Caller caller) {
        if (!mayRead(s, caller)) {
            throw notFound(s.id());
        }
        if (!caller.admin() && !s.owner().equals(caller.key().name())) {
            throw TweelingException.forbidden("Scenario " + s.id() + " is " + s.owner() + "'s: other planners may read"
                    + " it, only its owner and admins change it. Make a scenario of your own to edit.");
        }
        if (s.adoptedAt() != null) {
            throw TweelingException.conflict("Scenario " + s.id() + " was adopted into the baseline on " + s.adoptedAt()
                    + " and can no longer change; make a new scenario.");
        }
    }

    private static TweelingException notFound(long id) {
        return TweelingException.notFound("There is no scenario " + id + ".");
    }

    public List<Scenario> list(Caller caller) {
        return repository.list(caller.admin(), caller.key().name());
    }

    // ------------------------------------------------------------------ the scenario itself

    /** Makes a scenario over the live baseline ({@code baseAt} null) or over the baseline at {@code baseAt}. */
    public Scenario create(String name, String description, String visibility, OffsetDateTime baseAt, Caller caller) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long id = repository.insert(c, name, description, caller.key().name(), visibility, baseAt);
            c.commit();
            return repository.find(id).orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a scenario", e);
        }
    }

    public Scenario update(long id, String name, String description, String visibility, Caller caller) {
        return inTransaction(id, caller, (c, s) -> {
            repository.update(c, id, name, description, visibility);
            return null;
        }).scenario();
    }

    public void delete(long id, Caller caller) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Scenario s = repository.find(c, id, true).orElseThrow(() -> notFound(id));
                if (!mayRead(s, caller)) {
                    throw notFound(id);
                }
                if (!caller.admin() && !s.owner().equals(caller.key().name())) {
                    throw TweelingException.forbidden("Scenario " + id + " is " + s.owner()
                            + "'s: only its owner and admins remove it.");
                }
                repository.delete(c, id);
                c.commit();
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove scenario " + id, e);
        }
    }

    // ------------------------------------------------------------------ revisions, adopt

    /** A new revision whose state is that of revision {@code to}. */
    public int revert(long id, int to, Caller caller) {
        Holder<Integer> out = new Holder<>();
        inTransaction(id, caller, (c, s) -> {
            if (to < 0 || to >= s.revision()) {
                throw TweelingException.badBody("revision must be one of this scenario's earlier revisions, 0 to "
                        + (s.revision() - 1) + ".", List.of());
            }
            int revision = repository.nextRevision(c, s, caller.key().name(), "reverted to revision " + to);
            for (ScenarioRepository.EditedLayer l : repository.editedLayers(c, id)) {
                repository.revert(c, l, null, id, to, revision);
            }
            out.value = revision;
            return null;
        });
        return out.value;
    }

    /**
     * Applies the scenario's current edits to the baseline as new versions (lineage source {@code scenario:<id>}),
     * in one transaction; 409 listing the conflicting features when the baseline changed any of them after the
     * scenario's base instant (then nothing changes).
     */
    public Scenario adopt(long id, Caller caller) {
        List<String> layers = new ArrayList<>();
        Scenario adopted = inTransaction(id, caller, (c, s) -> {
            List<Map<String, Object>> conflicts = new ArrayList<>();
            List<ScenarioRepository.EditedLayer> edited = repository.editedLayers(c, id);
            for (ScenarioRepository.EditedLayer l : edited) {
                Layer layer = registry.find(l.layerId()).orElseThrow(() -> LayerRelations.gone(s, l.layerId()));
                if (layer.maintained()) {
                    throw TweelingException.conflict("Collection " + layer.id() + " is kept by the platform; its"
                            + " features cannot be adopted from a scenario.");
                }
                if (!repository.lockLayer(c, layer)) {
                    throw TweelingException.conflict("An import of collection " + layer.id() + " is writing now;"
                            + " adopt the scenario again when it has finished (GET /jobs).");
                }
                for (String f : repository.conflicts(c, l, layer, id, s.baseInstant())) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("collection", l.layerId());
                    e.put("featureId", f);
                    e.put("detail", "The baseline's feature changed after " + s.baseInstant() + ".");
                    conflicts.add(e);
                }
            }
            if (!conflicts.isEmpty()) {
                throw new TweelingException(409, "Conflict", conflicts.size() + " feature(s) this scenario changed were"
                        + " also changed in the baseline after the scenario's base (" + s.baseInstant() + "): see errors."
                        + " Nothing was adopted; revert or redo those edits in a new scenario.", null, conflicts);
            }
            for (ScenarioRepository.EditedLayer l : edited) {
                Layer layer = registry.find(l.layerId()).orElseThrow();
                repository.adopt(c, l, layer, id);
                registry.refreshStatistics(c, l.layerId());
                layers.add(l.layerId());
            }
            repository.nextRevision(c, s, caller.key().name(), "adopted into the baseline");
            repository.markAdopted(c, id, caller.key().name());
            return null;
        }).scenario();
        registry.invalidate();
        for (String l : layers) {
            changes.fire(LayerChanged.whole(l));
        }
        return adopted;
    }

    // ------------------------------------------------------------------ transactions

    @FunctionalInterface
    interface Work {
        Object run(Connection c, Scenario locked) throws SQLException;
    }

    record Done(Scenario scenario) {
    }

    private static final class Holder<T> {
        T value;
    }

    /**
     * Runs {@code work} in one transaction with the scenario's row locked, after checking the caller may change it.
     */
    private Done inTransaction(long id, Caller caller, Work work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Scenario s = repository.find(c, id, true).orElseThrow(() -> notFound(id));
                checkWrite(s, caller);
                work.run(c, s);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change scenario " + id, e);
        }
        return new Done(repository.find(id).orElseThrow());
    }

}
