package nl.tweeling.scenario;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerChanged;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.feature.Relation;
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

    /** The edit operations of OGC API – Features Part 4. */
    public enum Operation {
        CREATE, REPLACE, UPDATE, DELETE
    }

    /** What an edit made: the feature, the revision and the feature's entity tag (null after a delete). */
    public record Edited(String featureId, int revision, String etag) {
    }

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

    private static void checkWrite(Scenario s, Caller caller) {
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

    // ------------------------------------------------------------------ edits

    /**
     * One Part 4 operation on a feature of a layer in a scenario, as the scenario's next revision.
     *
     * @param featureId the feature (null for CREATE: the server names it)
     * @param ifMatch   the If-Match header (required but for CREATE: 428 without it, 412 when stale)
     */
    public Edited edit(long id, String layerId, Operation op, String featureId, JsonNode body, String ifMatch,
            Caller caller) {
        Layer seen = registry.findVisible(layerId, caller).orElse(null);
        if (seen == null) {
            Scenario s = readable(id, caller);
            if (registry.find(layerId).isEmpty() && repository.editedLayers(id).stream()
                    .anyMatch(l -> l.layerId().equals(layerId))) {
                throw LayerRelations.gone(s, layerId);
            }
            throw TweelingException.notFound("There is no collection " + layerId + ".");
        }
        Layer layer = registry.find(layerId).orElseThrow();
        if (layer.maintained()) {
            throw TweelingException.conflict("Collection " + layerId + " is kept by the platform (" + layer.maintainedBy()
                    + "); scenarios cannot edit it.");
        }
        FeatureBody input = op == Operation.DELETE ? null : FeatureBody.parse(body, seen, op == Operation.UPDATE);
        if (op != Operation.CREATE && (ifMatch == null || ifMatch.isBlank())) {
            throw new TweelingException(428, "Precondition required", "Send If-Match with the feature's ETag (from GET "
                    + "of the feature in this scenario), or If-Match: * to change it whatever its version.", null, null);
        }
        String fid = op == Operation.CREATE ? "scn" + id + "-" + UUID.randomUUID().toString().substring(0, 13) : featureId;
        Set<String> writable = seen.columns().stream().map(Layer.Column::name)
                .filter(n -> !FeatureBody.READ_ONLY.contains(n)).collect(Collectors.toSet());
        Holder<Edited> out = new Holder<>();
        inTransaction(id, caller, (c, s) -> {
            Relation before = relations.relation(c, layerId, s, s.revision());
            Object[] state = repository.state(c, before, fid).orElse(null);
            if (op != Operation.CREATE) {
                if (state == null) {
                    throw TweelingException.notFound("Collection " + layerId + " has no feature " + fid
                            + " in scenario " + id + ".");
                }
                String etag = etag(state);
                if (!ifMatch.strip().equals("*") && !matches(ifMatch, etag)) {
                    throw new TweelingException(412, "Precondition failed", "Feature " + fid + " changed since you read"
                            + " it (its ETag is now " + etag + "): read it again and apply your change to that.", null, null);
                }
            }
            String message = switch (op) {
                case CREATE -> "created " + layerId + "/" + fid;
                case REPLACE -> "replaced " + layerId + "/" + fid;
                case UPDATE -> "updated " + layerId + "/" + fid;
                case DELETE -> "deleted " + layerId + "/" + fid;
            };
            int revision = repository.nextRevision(c, s, caller.key().name(), message);
            String shadow = repository.shadowFor(c, s, layer, revision);
            repository.endVersion(c, shadow, id, fid, revision);
            if (op == Operation.DELETE) {
                repository.insertDelete(c, shadow, layer, id, revision, before, fid);
                out.value = new Edited(fid, revision, null);
                return null;
            }
            repository.insertVersion(c, shadow, layer, s, revision, before, fid, input.values(),
                    op == Operation.UPDATE, writable, input.geometry(), FeatureBody.multi(layer), caller.key().name());
            Scenario now = new Scenario(s.id(), s.name(), s.description(), s.owner(), s.visibility(), s.baseAt(),
                    s.createdAt(), revision, s.adoptedAt(), s.adoptedBy());
            Object[] after = repository.state(c, relations.relation(c, layerId, now, revision), fid).orElseThrow();
            out.value = new Edited(fid, revision, etag(after));
            return null;
        });
        return out.value;
    }

    /** The ETag of a feature's version in a scenario or the baseline: its row's key and the start of its version. */
    static String etag(Object[] state) {
        OffsetDateTime from = (OffsetDateTime) state[1];
        long micros = from.toInstant().getEpochSecond() * 1_000_000L + from.toInstant().getNano() / 1000;
        return "\"" + state[0] + "-" + Long.toString(micros, 36) + "\"";
    }

    /** The ETag of a feature in a scenario at a revision, or null when there is no such feature. */
    public String etag(Scenario s, int revision, String layerId, String featureId) {
        try (Connection c = dataSource.getConnection()) {
            return repository.state(c, relations.relation(c, layerId, s, revision), featureId).map(ScenarioService::etag)
                    .orElse(null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a feature of scenario " + s.id(), e);
        }
    }

    static boolean matches(String ifMatch, String etag) {
        for (String candidate : ifMatch.split(",")) {
            if (candidate.strip().equals(etag)) {
                return true;
            }
        }
        return false;
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
                repository.adopt(c, l, layer, id, caller.key().name());
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
     * Runs {@code work} in one transaction with the scenario's row locked, after checking the caller may change it;
     * a value the layer's column cannot take (SQLSTATE class 22, or a NOT NULL column left empty) is a 400.
     */
    private Done inTransaction(long id, Caller caller, Work work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Scenario s = repository.find(c, id, true).orElseThrow(() -> notFound(id));
                checkWrite(s, caller);
                work.run(c, s);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (state.startsWith("22") || state.equals("23502") || state.equals("XX000")) {
                    throw TweelingException.badBody("The feature has a value its collection cannot take ("
                            + firstLine(e.getMessage()) + "); nothing was changed.", List.of());
                }
                throw e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change scenario " + id, e);
        }
        return new Done(repository.find(id).orElseThrow());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String m = message.startsWith("ERROR: ") ? message.substring(7) : message;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
