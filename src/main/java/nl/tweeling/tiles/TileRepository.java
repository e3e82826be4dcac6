package nl.tweeling.tiles;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.Relation;
import nl.tweeling.platform.http.ReadPool;

/**
 * Makes Mapbox vector tiles with PostGIS ({@code sql/tiles/select_tile_layer.sql}: ST_AsMVT over ST_AsMVTGeom).
 * Table and column names come from the layer registry, quoted; every request value is bound. Reads take a
 * connection of the read pool, under its statement timeout. A tile of several layers is the concatenation of one
 * ST_AsMVT per layer: a vector tile is a sequence of layer messages, so concatenated tiles are one valid tile.
 */
@ApplicationScoped
public class TileRepository {

    /** How a tile that took too long can be made smaller (ReadPool#failure). */
    static final String NARROW = "by asking for a tile of a deeper tile matrix (a smaller area)";

    @Inject
    ReadPool reads;

    /**
     * One layer's part of a tile.
     *
     * @param layer      the layer as the caller sees it
     * @param rules      how the layer is cut into tiles
     * @param properties the columns whose values the features carry, each under its property name
     * @param relation   what the features are read from: the layer's table or an overlay (a scenario)
     */
    public record Cut(Layer layer, TileRules rules, List<Layer.Column> properties, Relation relation) {

        /** A cut of the layer's own table. */
        public Cut(Layer layer, TileRules rules, List<Layer.Column> properties) {
            this(layer, rules, properties, Relation.table(layer));
        }
    }

    /** The tile of these layers, one MVT layer per cut in order; an empty array when no feature is in it. */
    public byte[] tile(List<Cut> cuts, TileQuery q) {
        return made(cuts, q, false).bytes();
    }

    /**
     * A made tile and, when asked for, the area its features come from (for the tile cache).
     *
     * @param rd    {minX, minY, maxX, maxY} of the tile with its buffer in EPSG:28992, or null
     * @param crs84 the same in CRS84, or null
     */
    public record Made(byte[] bytes, double[] rd, double[] crs84) {
    }

    /** The tile of these layers as {@link #tile}, with its envelopes when {@code envelopes} is true. */
    public Made made(List<Cut> cuts, TileQuery q, boolean envelopes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String what = cuts.size() == 1 ? "the tile of " + cuts.get(0).layer().id() : "a dataset tile";
        double[] rd = null;
        double[] crs84 = null;
        try (Connection c = reads.connection()) {
            for (Cut cut : cuts) {
                byte[] part = layer(c, cut, q);
                if (part != null) {
                    out.writeBytes(part);
                }
            }
            if (envelopes) {
                try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("tiles/select_tile_envelope.sql")
                        .replace("{srid}", Integer.toString(q.tms().srid())))) {
                    int i = 1;
                    ps.setInt(i++, q.level());
                    ps.setInt(i++, Math.toIntExact(q.col()));
                    ps.setInt(i++, Math.toIntExact(q.row()));
                    for (double b : q.tms().bounds()) {
                        ps.setDouble(i++, b);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        rd = new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)};
                        crs84 = new double[] {rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8)};
                    }
                }
            }
        } catch (SQLException e) {
            throw reads.failure(e, "making " + what + " " + q.tms().id() + "/" + q.level() + "/" + q.row() + "/"
                    + q.col(), NARROW);
        }
        return new Made(out.toByteArray(), rd, crs84);
    }

    private static byte[] layer(Connection c, Cut cut, TileQuery q) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(cut, q))) {
            bind(ps, cut, q);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** Binds select_tile_layer.sql's parameters, in the order its header lists them. */
    static void bind(PreparedStatement ps, Cut cut, TileQuery q) throws SQLException {
        int i = 1;
        ps.setInt(i++, q.level());
        // within the set's matrix (TileQuery): at most 2^24 - 1, an int as ST_TileEnvelope takes it
        ps.setInt(i++, Math.toIntExact(q.col()));
        ps.setInt(i++, Math.toIntExact(q.row()));
        for (double b : q.tms().bounds()) {
            ps.setDouble(i++, b);
        }
        ps.setDouble(i++, cut.rules().simplify());
        for (Object p : cut.relation().params()) {
            ps.setObject(i++, p);
        }
        if (q.at() != null) {
            Timestamp at = Timestamp.from(q.at());
            ps.setTimestamp(i++, at);
            ps.setTimestamp(i++, at);
        }
        ps.setDouble(i++, cut.rules().minSize());
        ps.setString(i, cut.layer().id());
    }

    /** select_tile_layer.sql for this layer, its properties, the set's SRID and the validity condition. */
    static String sql(Cut cut, TileQuery q) {
        StringBuilder properties = new StringBuilder();
        for (Layer.Column col : cut.properties()) {
            properties.append(", ").append(value(col)).append(" AS ").append(Identifiers.quote(col.property()));
        }
        return SqlFiles.get("tiles/select_tile_layer.sql")
                .replace("{srid}", Integer.toString(q.tms().srid()))
                .replace("{properties}", properties)
                .replace("{table}", cut.relation().sql())
                .replace("{time}", q.at() == null ? cut.relation().current()
                        : "t.valid_from <= ? AND (t.valid_to IS NULL OR t.valid_to > ?)");
    }

    /**
     * A column's value as a vector tile holds it: booleans, integers and floats as they are, numeric as a
     * double, times as RFC 3339 text, everything else (arrays, json, uuid, …) as its text, so that no jsonb
     * column is spread into properties of its own (ST_AsMVT does that with jsonb).
     */
    static String value(Layer.Column col) {
        String c = "t." + Identifiers.quote(col.name());
        return switch (col.type().toLowerCase(Locale.ROOT)) {
            case "bool", "int2", "int4", "int8", "float4", "float8" -> c;
            case "numeric" -> c + "::float8";
            case "timestamptz", "timestamp", "date" -> "(to_json(" + c + ") #>> '{}')";
            default -> c + "::text";
        };
    }

    /** The TileJSON type of a column's values: Number, Boolean or String. */
    static String fieldType(Layer.Column col) {
        return switch (col.type().toLowerCase(Locale.ROOT)) {
            case "bool" -> "Boolean";
            case "int2", "int4", "int8", "float4", "float8", "numeric" -> "Number";
            default -> "String";
        };
    }

    /** Columns a tile cannot carry as a value (other geometries, binary data). */
    static boolean tileable(Layer.Column col) {
        String t = col.type().toLowerCase(Locale.ROOT);
        return !t.equals("geometry") && !t.equals("geography") && !t.equals("bytea");
    }
}
