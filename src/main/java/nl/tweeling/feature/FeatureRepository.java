package nl.tweeling.feature;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;

/**
 * Reads features of any registered layer as GeoJSON, built by PostGIS from the stored CRS84 geometry.
 * Table and column names come from the {@link LayerRegistry}; every request value is bound.
 */
@ApplicationScoped
public class FeatureRepository {

    @Inject
    DataSource dataSource;

    /** The current features after {@code query.after()}, in key order, at most {@code query.limit()}. */
    public FeaturePage page(Layer layer, ItemsQuery query) {
        StringBuilder where = new StringBuilder();
        if (query.after() != null) {
            where.append("\n  AND t.fid > ?");
        }
        if (query.bbox() != null) {
            where.append("\n  AND t.geom_crs84 && ST_MakeEnvelope(?, ?, ?, ?, 4326)");
        }
        String sql = SqlFiles.get("feature/select_items.sql")
                .replace("{properties}", propertiesExpression(layer))
                .replace("{table}", Identifiers.qualified(layer.tableSchema(), layer.tableName()))
                .replace("{where}", where);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (query.after() != null) {
                ps.setLong(i++, query.after());
            }
            if (query.bbox() != null) {
                for (double v : query.bbox()) {
                    ps.setDouble(i++, v);
                }
            }
            ps.setInt(i, query.limit() + 1);
            List<String> features = new ArrayList<>(Math.min(query.limit(), 1024));
            long last = -1;
            boolean more = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (features.size() == query.limit()) {
                        more = true;
                        break;
                    }
                    last = rs.getLong(1);
                    features.add(rs.getString(2));
                }
            }
            return new FeaturePage(features, features.isEmpty() ? null : last, more);
        } catch (SQLException e) {
            throw new IllegalStateException("reading features of " + layer.id() + " failed", e);
        }
    }

    /** One current feature by its id. */
    public Optional<String> one(Layer layer, String featureId) {
        String sql = SqlFiles.get("feature/select_item.sql")
                .replace("{properties}", propertiesExpression(layer))
                .replace("{table}", Identifiers.qualified(layer.tableSchema(), layer.tableName()));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, featureId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading a feature of " + layer.id() + " failed", e);
        }
    }

    /**
     * A jsonb expression with the layer's attribute columns as properties. jsonb_build_object takes at most
     * 100 arguments, so wide layers are built in chunks joined with {@code ||}.
     */
    static String propertiesExpression(Layer layer) {
        if (layer.columns().isEmpty()) {
            return "'{}'::jsonb";
        }
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int inChunk = 0;
        for (Layer.Column col : layer.columns()) {
            if (inChunk == 50) {
                chunks.add("jsonb_build_object(" + chunk + ")");
                chunk.setLength(0);
                inChunk = 0;
            }
            if (inChunk > 0) {
                chunk.append(", ");
            }
            chunk.append(literal(col.name())).append(", t.").append(Identifiers.quote(col.name()));
            inChunk++;
        }
        chunks.add("jsonb_build_object(" + chunk + ")");
        return String.join(" || ", chunks);
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
