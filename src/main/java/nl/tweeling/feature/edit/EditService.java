package nl.tweeling.feature.edit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.sql.Transactions;
import nl.tweeling.feature.Layer;
import nl.tweeling.platform.security.Caller;

/**
 * Create, replace, update (JSON merge patch) and delete of one feature (OGC API – Features Part 4), against an
 * {@link EditTarget}: the live baseline ({@link BaselineTarget}) or a scenario. One operation per method; each
 * runs one JDBC transaction: the target's checks and locks (409), the body validated against the layer as the
 * caller sees it ({@link FeatureInput}: one 400 naming every problem), the feature's current version (404 when
 * none), the {@code If-Match} check against it (412), the write, the edit's record; after the commit the target's
 * announcement. A 4xx rolls back before anything is written, so it leaves the target exactly as it was.
 *
 * <p>The caller has been checked by the resource: it holds an editing role and sees the layer (else 404).
 * {@code layer} is the registered layer (all its columns), not the caller's view of it: properties the caller
 * may not see keep their values on replace and update.
 */
@ApplicationScoped
public class EditService {

    private static final Logger LOG = Logger.getLogger(EditService.class);

    @Inject
    DataSource dataSource;

    /** What a write left: the feature's id and its new current version (null after a delete). */
    public record Result(String featureId, Version version) {
    }

    /** POST: a new feature with a server-assigned id. */
    public Result create(EditTarget target, Layer layer, Caller caller, String body, CrsChoice contentCrs) {
        JsonNode json = FeatureInput.json(body);
        return write(target, layer, caller, target.newFeatureId(layer), null, FeatureEdit.Operation.CREATE,
                schema -> FeatureInput.create(json, schema, contentCrs));
    }

    /** PUT: the feature's new content as a whole. */
    public Result replace(EditTarget target, Layer layer, Caller caller, String featureId, String body,
            CrsChoice contentCrs, EditHttp.IfMatch ifMatch) {
        JsonNode json = FeatureInput.json(body);
        return write(target, layer, caller, featureId, ifMatch, FeatureEdit.Operation.REPLACE,
                schema -> FeatureInput.replace(json, schema, contentCrs, featureId));
    }

    /** PATCH: a JSON merge patch (RFC 7396) of the feature. */
    public Result update(EditTarget target, Layer layer, Caller caller, String featureId, String body,
            CrsChoice contentCrs, EditHttp.IfMatch ifMatch) {
        JsonNode json = FeatureInput.json(body);
        return write(target, layer, caller, featureId, ifMatch, FeatureEdit.Operation.UPDATE,
                schema -> FeatureInput.update(json, schema, contentCrs, featureId));
    }

    /** DELETE: the feature's current version ends; its history stays readable with {@code datetime}. */
    public void delete(EditTarget target, Layer layer, Caller caller, String featureId, EditHttp.IfMatch ifMatch) {
        write(target, layer, caller, featureId, ifMatch, FeatureEdit.Operation.DELETE, schema -> FeatureEdit.DELETE);
    }

    /** The body schema for {@code caller}: the layer's writable properties that the caller sees. */
    public EditSchema schema(Connection c, EditTarget target, Layer layer, Caller caller) throws SQLException {
        return EditSchema.of(layer.seenBy(caller), target.columnRules(c, layer));
    }

    private Result write(EditTarget target, Layer layer, Caller caller, String featureId, EditHttp.IfMatch ifMatch,
            FeatureEdit.Operation operation, java.util.function.Function<EditSchema, FeatureEdit> parse) {
        if (!caller.authenticated()) {
            throw TweelingException.unauthorized("Editing features needs an API key with role editor.");
        }
        boolean create = operation == FeatureEdit.Operation.CREATE;
        EditTarget.Write[] write = new EditTarget.Write[1];
        boolean[] unchanged = new boolean[1];
        Version written;
        try (Connection c = dataSource.getConnection()) {
            written = Transactions.inTransaction(c, tx -> {
                write[0] = target.begin(tx, layer);
                // after begin: a layer that cannot be edited at all says so (409) before the body is judged
                FeatureEdit edit = parse.apply(schema(tx, target, layer, caller));
                Version current = null;
                if (!create) {
                    current = target.current(tx, write[0], layer, featureId).orElseThrow(() -> TweelingException
                            .notFound("Collection " + layer.id() + " has no feature " + featureId + "."));
                    EditHttp.check(ifMatch, current);
                }
                if (operation == FeatureEdit.Operation.UPDATE && edit.values().isEmpty() && edit.geometry() == null) {
                    // an empty merge patch changes nothing (RFC 7396): no new version, nothing to announce
                    unchanged[0] = true;
                    return current;
                }
                Lineage lineage = new Lineage(UUID.randomUUID(), caller.key().name(), target.now(tx, current));
                Version v = edit.operation() == FeatureEdit.Operation.DELETE ? null
                        : target.insert(tx, write[0], layer, featureId, current, edit, lineage);
                if (v == null) {
                    target.end(tx, write[0], layer, current, lineage);
                }
                target.finish(tx, write[0], layer, featureId, edit.operation(), lineage);
                return v;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + operation.id() + " feature " + featureId + " of "
                    + layer.id(), e);
        }
        if (!unchanged[0]) {
            target.afterCommit(write[0], layer);
        }
        LOG.debugf("layer %s: %s of feature %s by %s", layer.id(), operation.id(), featureId, caller.key().name());
        return new Result(featureId, written);
    }
}
