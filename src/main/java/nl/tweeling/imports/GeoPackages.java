package nl.tweeling.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Checks a GeoPackage's declared content before GDAL opens it. A GeoPackage is an SQLite database, and an SQLite
 * schema can hold more than tables: a virtual table names a module that runs code when the table is read (GDAL
 * registers {@code VirtualOGR}, which opens any data source GDAL can: files, databases, URLs), and a view can call
 * the SQL functions GDAL adds. So a GeoPackage passes only when
 * <ul>
 * <li>its header says GeoPackage ({@code application_id} GPKG, GP10 or GP11);</li>
 * <li>it has the {@code gpkg_contents} table with at least one {@code features} table;</li>
 * <li>its schema holds tables, indexes and triggers (never fired: GDAL opens it read-only) and no view, and no
 * virtual table other than the R-tree spatial indexes the standard defines.</li>
 * </ul>
 * The schema is read by SQLite (read-only, untrusted schema, no extensions) without reading any table's rows.
 */
final class GeoPackages {

    private static final Pattern RTREE = Pattern.compile("(?is)^\\s*create\\s+virtual\\s+table\\s+.*?\\busing\\s+rtree\\s*\\(.*");

    private GeoPackages() {
    }

    /** True when a SQLite header (the first 100 bytes or more) carries a GeoPackage application id. */
    static boolean hasGeoPackageId(byte[] head) {
        if (head.length < 72) {
            return false;
        }
        String id = new String(head, 68, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        return id.equals("GPKG") || id.equals("GP10") || id.equals("GP11");
    }

    /** Refuses (400, naming the reason) a file that is not a plain GeoPackage. */
    static void check(Path file) throws IOException {
        String name = file.getFileName().toString();
        byte[] head;
        try (var in = java.nio.file.Files.newInputStream(file)) {
            head = in.readNBytes(100);
        }
        if (!new String(head, 0, Math.min(16, head.length), java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("SQLite format 3\0")) {
            throw ImportException.badInput(InputFormats.printable(name) + " is not a GeoPackage (no SQLite header)."
                    + " Send a GeoPackage made by GDAL, QGIS or another GeoPackage writer.");
        }
        if (!hasGeoPackageId(head)) {
            throw InputFormats.refused(name, "an SQLite database that is not a GeoPackage",
                    "GDAL's SQLite driver can open other data sources");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.enableLoadExtension(false);
        try (Connection c = config.createConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
                Statement st = c.createStatement()) {
            st.execute("PRAGMA trusted_schema = OFF");
            boolean contents = false;
            try (ResultSet rs = st.executeQuery("SELECT type, name, sql FROM sqlite_master")) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    String object = rs.getString(2);
                    String sql = rs.getString(3) == null ? "" : rs.getString(3);
                    if ("view".equals(type)) {
                        throw InputFormats.refused(name, "a GeoPackage with the view '" + InputFormats.printable(object)
                                + "'", "views can call functions that open other data sources; export the layer"
                                + " as a table");
                    }
                    if ("table".equals(type) && sql.strip().toLowerCase(Locale.ROOT).startsWith("create virtual")
                            && !RTREE.matcher(sql).matches()) {
                        throw InputFormats.refused(name, "a GeoPackage with the virtual table '"
                                + InputFormats.printable(object) + "'", "virtual tables other than R-tree indexes"
                                + " run code that can open other files, databases and URLs");
                    }
                    if ("table".equals(type) && "gpkg_contents".equals(object)) {
                        contents = true;
                    }
                }
            }
            if (!contents) {
                throw InputFormats.refused(name, "an SQLite database without gpkg_contents",
                        "a GeoPackage declares its layers there");
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM gpkg_contents WHERE data_type = 'features'")) {
                if (!rs.next() || rs.getLong(1) == 0) {
                    throw ImportException.badInput(InputFormats.printable(name)
                            + " is a GeoPackage without feature tables (gpkg_contents lists none); imports read features.");
                }
            }
        } catch (SQLException e) {
            throw ImportException.badInput(InputFormats.printable(name) + " is not a readable GeoPackage ("
                    + InputFormats.printable(String.valueOf(e.getMessage())) + ").");
        }
    }
}
