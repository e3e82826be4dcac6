package nl.tweeling.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * What an import accepts, checked before GDAL opens anything (docs/security.md, "Files GDAL may open"). GDAL
 * itself only gets the drivers of {@link Gdal#INPUT_DRIVERS}; this class refuses, with a message that names the
 * format, what would make one of those drivers reach beyond the file:
 * <ul>
 * <li>GDAL virtual datasets (VRT), which open other files, databases (PG:) and URLs, by name or by content;</li>
 * <li>SQLite databases that are not GeoPackages, and GeoPackages that declare views or virtual tables other
 * than R-tree indexes ({@link GeoPackages});</li>
 * <li>GeoJSON whose {@code crs} member links to a definition or names anything but a CRS identifier (GDAL reads
 * such a name as a file or URL);</li>
 * <li>XML (GML, KML) that declares entities or names a GDAL virtual file system path;</li>
 * <li>zip archives holding anything but the files of one dataset of those formats (no archives in archives,
 * no GeoPackage, no paths that leave the archive).</li>
 * </ul>
 * Every refusal is an {@link ImportException} (400 problem+json) and happens before GDAL runs.
 */
final class InputFormats {

    /** The formats imports read, in words for messages. */
    static final String ACCEPTED = "GeoJSON, GeoJSON Sequence, CSV, GeoPackage, Shapefile (or a zip of one),"
            + " FlatGeobuf, GML or KML";

    /** File name endings that may stand in a zip archive: one dataset of an accepted format, with its sidecars. */
    private static final List<String> ZIP_MEMBERS = List.of("shp", "shx", "dbf", "prj", "cpg", "qix", "sbn", "sbx",
            "xml", "json", "geojson", "geojsonl", "geojsons", "csv", "tsv", "txt", "csvt", "fgb", "gml", "gfs", "xsd",
            "kml");

    /** Endings that name GDAL formats which open other sources. */
    private static final List<String> REFERENCING = List.of("vrt", "ovf", "ovr", "xodr", "gdb", "mdb", "sqlite",
            "db", "spatialite");

    private static final Pattern VSI = Pattern.compile("/vsi[a-z0-9_]+/", Pattern.CASE_INSENSITIVE);

    private InputFormats() {
    }

    /** Refuses a file name (an upload's, or the last segment of a URL's path) whose ending names such a format. */
    static void checkName(String name) {
        String ext = extension(name);
        if (REFERENCING.contains(ext)) {
            throw refused(name, describe(ext), "it can open other files, databases or URLs");
        }
    }

    /** Refuses {@code file} (an upload or a download, in its run folder) when GDAL must not open it. */
    static void check(Path file) throws IOException {
        String name = file.getFileName().toString();
        String ext = Source.extension(file);
        checkName(name);
        byte[] head = head(file, 4096);
        checkHead(name, head);
        switch (ext) {
            case "zip" -> checkZip(file);
            case "gpkg" -> GeoPackages.check(file);
            case "gml", "xml", "kml" -> {
                try (InputStream in = Files.newInputStream(file)) {
                    checkXml(name, in);
                }
            }
            default -> {
                if (startsWith(head, "SQLite format 3\0")) {
                    GeoPackages.check(file);
                } else if (looksXml(head)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        checkXml(name, in);
                    }
                }
            }
        }
    }

    /** What the first bytes say, whatever the name: a VRT or a non-GeoPackage SQLite file is refused. */
    private static void checkHead(String name, byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String start = stripXmlProlog(text);
        if (start.startsWith("<OGRVRTDataSource") || start.startsWith("<VRTDataset")) {
            throw refused(name, "a GDAL virtual dataset (VRT)", "a VRT can open other files, databases and URLs");
        }
        if (startsWith(head, "SQLite format 3\0") && !GeoPackages.hasGeoPackageId(head)) {
            throw refused(name, "an SQLite database that is not a GeoPackage",
                    "GDAL's SQLite driver can open other data sources");
        }
    }

    /** The archive may hold one dataset's files of the accepted formats, with plain names inside it. */
    private static void checkZip(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            int members = 0;
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String member = e.getName();
                if (member.startsWith("/") || member.contains("\\") || member.contains("../") || member.equals("..")
                        || member.contains("\0")) {
                    throw refused(name, "a zip archive with the member '" + printable(member) + "'",
                            "member names must stay inside the archive");
                }
                if (e.isDirectory() || member.startsWith("__MACOSX/") || baseName(member).startsWith("._")) {
                    continue;
                }
                members++;
                String ext = extension(member);
                if (ext.equals("gpkg")) {
                    throw refused(name, "a zip archive holding a GeoPackage",
                            "a GeoPackage is one file already: upload the .gpkg itself");
                }
                if (!ZIP_MEMBERS.contains(ext)) {
                    throw refused(name, "a zip archive holding '" + printable(baseName(member)) + "' ("
                            + describe(ext) + ")", "a zip may only hold the files of one dataset of an accepted format"
                            + " (a shapefile's .shp, .shx, .dbf, .prj, .cpg; or one GeoJSON, CSV, FlatGeobuf, GML or KML)");
                }
                String inner = name + "!" + baseName(member);
                try (InputStream in = zip.getInputStream(e)) {
                    checkHead(inner, in.readNBytes(4096));
                }
                if (List.of("json", "geojson").contains(ext)) {
                    try (InputStream in = zip.getInputStream(e)) {
                        Source.checkJson(in, inner);
                    }
                } else if (List.of("gml", "xml", "kml", "xsd", "gfs").contains(ext)) {
                    try (InputStream in = zip.getInputStream(e)) {
                        checkXml(inner, in);
                    }
                }
            }
            if (members == 0) {
                throw ImportException.badInput(name + " is an empty zip archive.");
            }
        } catch (ZipException e) {
            throw ImportException.badInput(name + " is not a readable zip archive (" + e.getMessage() + ").");
        }
    }

    /**
     * XML (GML, KML, XSD): no DTD entities (they can name local files or URLs) and no GDAL virtual file system
     * paths; read as a stream, so a large file costs one pass.
     */
    static void checkXml(String name, InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        String carry = "";
        int n;
        while ((n = in.read(buf)) >= 0) {
            String chunk = carry + new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            if (chunk.contains("<!ENTITY") || chunk.contains("<!DOCTYPE")) {
                throw refused(name, "XML with a document type declaration",
                        "entities can name local files or URLs");
            }
            var vsi = VSI.matcher(chunk);
            if (vsi.find()) {
                throw refused(name, "XML naming the GDAL path " + vsi.group(), "GDAL must not open other files or URLs");
            }
            carry = chunk.substring(Math.max(0, chunk.length() - 16));
        }
    }

    /**
     * A GeoJSON {@code crs} member (2008 spec) is read by GDAL as a CRS definition: a {@code link} or a name that
     * is not a CRS identifier makes GDAL read a file or URL. Only names such as {@code EPSG:28992},
     * {@code urn:ogc:def:crs:EPSG::28992} or {@code http://www.opengis.net/def/crs/EPSG/0/28992}, and the old
     * {@code {"type": "EPSG", "properties": {"code": 28992}}}, pass.
     */
    static void checkGeoJsonCrs(String name, com.fasterxml.jackson.databind.JsonNode crs) {
        if (crs == null || crs.isNull()) {
            return;
        }
        String type = crs.path("type").asText("");
        var props = crs.path("properties");
        boolean ok = switch (type.toLowerCase(Locale.ROOT)) {
            case "name" -> props.path("name").isTextual() && CRS_NAME.matcher(props.path("name").asText()).matches();
            case "epsg" -> props.path("code").canConvertToInt() || props.path("code").asText().matches("\\d{1,6}");
            default -> false;
        };
        if (!ok) {
            throw refused(name, "GeoJSON whose crs member " + ("link".equalsIgnoreCase(type)
                    ? "links to a CRS definition" : "is not a CRS identifier"),
                    "GDAL would read it as a file or URL; name the CRS, e.g. \"urn:ogc:def:crs:EPSG::28992\","
                            + " or leave the member out and give crs=EPSG:N");
        }
    }

    private static final Pattern CRS_NAME = Pattern.compile("(?i)^(?:urn:ogc:def:crs:[a-z0-9.]+:[0-9.]*:[a-z0-9_.]+"
            + "|(?:epsg|crs):[0-9a-z]{1,8}"
            + "|https?://www\\.opengis\\.net/def/crs/[a-z0-9]+/[0-9.]+/[a-z0-9_.]+)$");

    static ImportException refused(String file, String what, String why) {
        return ImportException.badInput(printable(file) + " is " + what + ", which imports do not accept: " + why
                + ". Send the data itself as " + ACCEPTED + ".");
    }

    private static String describe(String ext) {
        return switch (ext) {
            case "vrt" -> "a GDAL virtual dataset (VRT)";
            case "ovf" -> "an OGR VRT (.ovf)";
            case "sqlite", "db", "spatialite" -> "an SQLite database";
            case "gdb" -> "a file geodatabase";
            case "mdb" -> "an Access database";
            case "zip", "gz", "tar", "tgz", "7z", "rar" -> "an archive";
            case "" -> "a file without a name ending";
            default -> "a ." + ext + " file";
        };
    }

    private static String stripXmlProlog(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (s.startsWith("\u00EF\u00BB\u00BF")) {   // UTF-8 BOM read as Latin-1
            s = s.substring(3);
        }
        s = s.stripLeading();
        while (s.startsWith("<?") || s.startsWith("<!--")) {
            int end = s.startsWith("<?") ? s.indexOf("?>") : s.indexOf("-->");
            if (end < 0) {
                return s;
            }
            s = s.substring(end + (s.startsWith("<?") ? 2 : 3)).stripLeading();
        }
        return s;
    }

    private static boolean looksXml(byte[] head) {
        return stripXmlProlog(new String(head, StandardCharsets.ISO_8859_1)).startsWith("<")
                || new String(head, StandardCharsets.ISO_8859_1).stripLeading().startsWith("<?xml");
    }

    private static boolean startsWith(byte[] head, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        if (head.length < m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (head[i] != m[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }

    private static String baseName(String member) {
        return member.substring(member.lastIndexOf('/') + 1);
    }

    private static String extension(String member) {
        String b = baseName(member);
        int dot = b.lastIndexOf('.');
        return dot < 0 ? "" : b.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** A name fit for a message: control characters replaced, at most 120 characters. */
    static String printable(String s) {
        String p = s.replaceAll("\\p{Cntrl}", "?");
        return p.length() > 120 ? p.substring(0, 120) + "…" : p;
    }
}
