package nl.tweeling.feature;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.common.sql.Transactions;

/**
 * What an operator changes about layers (docs/layers.md): their metadata and access rules
 * ({@link #update}), and the removal of an imported layer with its table and history ({@link #delete}).
 * Requests are validated by {@link LayerPatch}; every statement binds its values, and table names come from
 * the registry.
 */
@ApplicationScoped
public class LayerManagement {

    private static final Logger LOG = Logger.getLogger(LayerManagement.class);

    @Inject
    DataSource dataSource;

    @Inject
    LayerRegistry registry;

    @Inject
    ObjectMapper json;

    @Inject
    jakarta.enterprise.event.Event<LayerChanged> changes;

    /** Applies a validated patch in one statement; the registry sees it at once on this instance. */
    public void update(Layer layer, LayerPatch patch) {
        Map<String, Object> set = patch.columns(layer);
        if (set.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("UPDATE tweeling.layer SET ");
        List<Object> values = new ArrayList<>();
        for (Map.Entry<String, Object> e : set.entrySet()) {
            // column names are LayerPatch's constants, never the request's
            sql.append(e.getKey()).append(" = ").append(cast(e.getKey())).append(", ");
            values.add(e.getValue());
        }
        sql.append("updated_at = now() WHERE id = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (Object v : values) {
                if (v instanceof List<?> list) {
                    ps.setArray(i++, c.createArrayOf("text", list.toArray()));
                } else if (v instanceof Map<?, ?> map) {
                    ps.setString(i++, json.writeValueAsString(map));
                } else {
                    ps.setObject(i++, v);
                }
            }
            ps.setString(i, layer.id());
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not update layer " + layer.id(), e);
        }
        registry.invalidate();
        // access or tile rules may have changed: its cached tiles go (the cache keys hold both, so this frees memory)
        changes.fire(LayerChanged.whole(layer.id()));
        LOG.infof("layer %s: updated %s", layer.id(), set.keySet());
    }

    private static String cast(String column) {
        return column.equals("restricted") ? "?::jsonb" : "?";
    }

    /**
     * Removes an imported layer: its registration, its field names and its table (every version of every
     * feature), in one transaction. Refused (409) for base layers and while anything writes into the layer.
     */
    public void delete(Layer layer) {
        if (layer.base()) {
            throw TweelingException.conflict("Layer " + layer.id() + " is a base layer of the city model; base layers"
                    + " cannot be removed. Restrict who sees it instead (PATCH with access).");
        }
        try (Connection c = dataSource.getConnection()) {
            Transactions.inTransaction(c, tx -> {
                try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("feature/lock_layer_for_removal.sql"))) {
                    ps.setString(1, layer.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || !rs.getBoolean(1)) {
                            throw TweelingException.conflict("An import of layer " + layer.id()
                                    + " is writing now; remove the layer when it has finished (GET /jobs).");
                        }
                    }
                }
                List<String> writers = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("feature/select_layer_writers.sql"))) {
                    ps.setString(1, layer.id());
                    ps.setString(2, layer.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            writers.add(rs.getString(1));
                        }
                    }
                }
                if (!writers.isEmpty()) {
                    throw TweelingException.conflict("Layer " + layer.id() + " is still written by "
                            + String.join(", ", writers) + ": wait for the import to end (or dismiss it:"
                            + " DELETE /jobs/{jobId}) and remove the harvester first.");
                }
                String table = null;
                try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("feature/delete_layer.sql"))) {
                    ps.setString(1, layer.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            table = Identifiers.qualified(rs.getString(1), rs.getString(2));
                        }
                    }
                }
                if (table == null) {
                    throw TweelingException.notFound("There is no collection " + layer.id() + ".");
                }
                try (Statement st = c.createStatement()) {
                    st.execute("DROP TABLE " + table);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not remove layer " + layer.id(), e);
        }
        registry.invalidate();
        changes.fire(LayerChanged.whole(layer.id()));
        LOG.infof("layer %s removed with its table and history", layer.id());
    }
}
