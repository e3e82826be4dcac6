package nl.tweeling.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A file to import, prepared for ogr2ogr: JSON checked for syntax (with line and column), text files
 * transcoded to UTF-8, CSV geometry columns named, and the source CRS chosen by the rules of
 * docs/import.md. Every failure is an {@link ImportException} whose message tells the user what to do.
 */
final class Source {

    /** CSV columns that hold WKT geometries, and x/y (lon/lat) coordinates, as GDAL's CSV driver matches them. */
    static final String WKT_NAMES = "wkt,geom,geometry,the_geom,wkb_geometry,shape";
    static final String X_NAMES = "lon,longitude,lng,long,x,x_rd,rd_x,xcoord,x_coord,x_coordinaat";
    static final String Y_NAMES = "lat,latitude,y,y_rd,rd_y,ycoord,y_coord,y_coordinaat";

    final Path file;
    final String dataset;
    final List<String> openOptions;
    final Gdal.Info info;
    /** The -s_srs for ogr2ogr, or null to use the source's own CRS. */
    final String sourceCrs;
    /** How the source CRS was chosen, in words, for the report. */
    final String crsRule;
    /** The charset the text was read in, for the report (null for binary formats). */
    final String encoding;
    /** How many values were null markers, read as null (text formats). */
    long nullsReplaced;

    private Source(Path file, String dataset, List<String> openOptions, Gdal.Info info, String sourceCrs,
            String crsRule, String encoding) {
        this.file = file;
        this.dataset = dataset;
        this.openOptions = openOptions;
        this.info = info;
        this.sourceCrs = sourceCrs;
        this.crsRule = crsRule;
        this.encoding = encoding;
    }

    /**
     * Prepares {@code file} (in a work folder of its own) for an import.
     *
     * @param crsSrid the CRS the user gave (an EPSG code), or 0
     * @param encoding the encoding the user gave, or null to detect it
     */
    static Source prepare(Gdal gdal, Path file, int crsSrid, Charset encoding, String idField)
            throws IOException {
        return prepare(gdal, file, crsSrid, encoding, idField, java.util.Set.copyOf(NullMarkers.DEFAULT), null);
    }

    /**
     * As above; {@code nullMarkers} are the text values read as null in text formats ({@link NullMarkers});
     * {@code joinField}, when not null, makes the source an attribute table: it may have no geometry, and must
     * have that key field.
     */
    static Source prepare(Gdal gdal, Path file, int crsSrid, Charset encoding, String idField,
            java.util.Set<String> nullMarkers, String joinField) throws IOException {
        InputFormats.check(file);
        String ext = extension(file);
        String usedEncoding = null;
        long nullsReplaced = 0;
        Path data = file;
        if (isText(ext)) {
            byte[] head = readHead(file);
            Charset detected = encoding != null ? encoding : (isUtf8(file) ? StandardCharsets.UTF_8 : Charset.forName("windows-1252"));
            usedEncoding = detected.name();
            if (!detected.equals(StandardCharsets.UTF_8)) {
                data = file.resolveSibling(stem(file) + ".utf8." + ext);
                transcode(file, detected, data);
            }
            if (isJson(ext, head)) {
                checkJson(data);
            }
            if (!nullMarkers.isEmpty()) {
                Path rewritten = file.resolveSibling(stem(file) + ".nulls." + ext);
                long n = isJson(ext, head) ? NullMarkers.rewriteJson(data, rewritten, nullMarkers)
                        : NullMarkers.rewriteCsv(data, rewritten, nullMarkers);
                if (n > 0) {
                    data = rewritten;
                    nullsReplaced = n;
                } else {
                    Files.deleteIfExists(rewritten);
                }
            }
        }
        List<String> oo = new ArrayList<>();
        if (ext.equals("csv") || ext.equals("tsv") || ext.equals("txt")) {
            oo.add("GEOM_POSSIBLE_NAMES=" + WKT_NAMES);
            oo.add("X_POSSIBLE_NAMES=" + X_NAMES);
            oo.add("Y_POSSIBLE_NAMES=" + Y_NAMES);
            oo.add("KEEP_GEOM_COLUMNS=NO");
            oo.add("AUTODETECT_TYPE=YES");
            oo.add("EMPTY_STRING_AS_NULL=YES");
        }
        if (ext.equals("shp") && encoding != null) {
            oo.add("ENCODING=" + encoding.name());
            usedEncoding = encoding.name();
        }
        String dataset = ext.equals("zip") ? "/vsizip/" + data : data.toString();
        Gdal.Info info;
        try {
            info = gdal.inspect(file.getParent(), dataset, oo);
        } catch (Gdal.GdalException e) {
            // a feed file (KNMI, RWS, RIVM, NDW) is for a harvester: say which, not only what GDAL says
            java.util.Optional<String> feed = nl.tweeling.harvest.HarvesterTypes.recognise(file);
            if (feed.isPresent()) {
                throw ImportException.badInput(
                        nl.tweeling.harvest.HarvesterTypes.notALayer(file.getFileName().toString(), feed.get()));
            }
            throw ImportException.badInput("GDAL cannot read " + file.getFileName() + ": " + e.getMessage()
                    + ". Send " + InputFormats.ACCEPTED + " (a shapefile with its .shx).");
        }
        if (info.layer() == null || info.layer().startsWith("-") || info.layer().chars().anyMatch(Character::isISOControl)) {
            throw ImportException.badInput(file.getFileName() + ": its layer name '" + InputFormats.printable(
                    String.valueOf(info.layer())) + "' is not accepted (it starts with '-' or holds control characters);"
                    + " rename the layer.");
        }
        if (joinField != null) {
            if (!info.fields().contains(joinField)) {
                throw ImportException.badImportParameter("joinField", "The file has no field '" + joinField
                        + "'; its fields are " + (info.fields().isEmpty() ? "none" : String.join(", ", info.fields())) + ".");
            }
            Source table = new Source(file, dataset, List.copyOf(oo), info, "EPSG:28992",
                    "an attribute table: the geometry comes from the joined layer (EPSG:28992)", usedEncoding);
            table.nullsReplaced = nullsReplaced;
            return table;
        }
        if (info.geometry() == null || info.geometry().equalsIgnoreCase("None")) {
            throw ImportException.badInput(file.getFileName() + " has no geometry" + (oo.isEmpty() ? "." : ": a CSV"
                    + " needs a WKT column (" + WKT_NAMES + ") or coordinate columns (x: " + X_NAMES + "; y: "
                    + Y_NAMES + ").") + " A table of attributes per area (e.g. indicators per buurt) imports as an"
                    + " attribute table joined to a layer: join=LAYER.PROPERTY joinField=FIELD (CLI: --join buurten.code"
                    + " --join-field GEOITEM).");
        }
        if (info.featureCount() == 0) {
            throw ImportException.badInput(file.getFileName() + " holds no features.");
        }
        if (idField != null && !info.fields().contains(idField)) {
            throw ImportException.badImportParameter("idField", "The file has no field '" + idField + "'; its fields are "
                    + (info.fields().isEmpty() ? "none" : String.join(", ", info.fields())) + ".");
        }
        String crs;
        String rule;
        if (crsSrid > 0) {
            crs = "EPSG:" + crsSrid;
            rule = "EPSG:" + crsSrid + " as given by the crs parameter";
        } else if ("GeoJSON".equals(info.driver()) && info.srsGeographic()) {
            crs = "EPSG:4326";
            int declared = info.srsEpsg();
            rule = declared == 0 || declared == 4326
                    ? "WGS84 longitude/latitude (RFC 7946)"
                    : "WGS84 longitude/latitude (RFC 7946): the crs member declares the geographic EPSG:" + declared
                            + ", which GeoJSON coordinates cannot be; projected crs members are honoured";
        } else if (info.srsKnown()) {
            crs = null;
            int code = info.srsEpsg();
            rule = (code > 0 ? "EPSG:" + code : "the CRS") + " declared by the source";
        } else {
            double[] e = info.extent();
            if (e != null && e[0] >= -180 && e[2] <= 180 && e[1] >= -90 && e[3] <= 90) {
                crs = "EPSG:4326";
                rule = "no CRS declared; the coordinates lie within longitude/latitude ranges, so WGS84 lon/lat";
            } else if (e != null && e[0] >= -8000 && e[2] <= 300000 && e[1] >= 289000 && e[3] <= 629000) {
                crs = "EPSG:28992";
                rule = "no CRS declared; the coordinates lie within the RD New area, so EPSG:28992";
            } else {
                throw ImportException.badImportParameter("crs", file.getFileName() + " declares no CRS and its coordinates are"
                        + " neither longitude/latitude nor RD New: give the CRS, e.g. crs=EPSG:3857 (CLI: --crs EPSG:3857).");
            }
        }
        Source prepared = new Source(file, dataset, List.copyOf(oo), info, crs, rule, usedEncoding);
        prepared.nullsReplaced = nullsReplaced;
        return prepared;
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static boolean isText(String ext) {
        return List.of("json", "geojson", "csv", "tsv", "txt").contains(ext);
    }

    private static boolean isJson(String ext, byte[] head) {
        if (ext.equals("json") || ext.equals("geojson")) {
            return true;
        }
        for (byte b : head) {
            if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    /** Copies {@code from} (text in {@code charset}) to {@code to} as UTF-8, a buffer at a time. */
    private static void transcode(Path from, Charset charset, Path to) throws IOException {
        try (Reader in = Files.newBufferedReader(from, charset);
                Writer out = Files.newBufferedWriter(to, StandardCharsets.UTF_8)) {
            in.transferTo(out);
        }
    }

    private static byte[] readHead(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(64);
        }
    }

    /** True when the whole file is valid UTF-8. */
    static boolean isUtf8(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            ByteBuffer pending = ByteBuffer.allocate(0);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(1 << 17);
            int n;
            while ((n = in.read(buf)) >= 0) {
                ByteBuffer bb = ByteBuffer.allocate(pending.remaining() + n);
                bb.put(pending).put(buf, 0, n).flip();
                out.clear();
                var result = decoder.decode(bb, out, false);
                if (result.isError()) {
                    return false;
                }
                pending = bb.slice();
            }
            out.clear();
            ByteBuffer rest = pending;
            return !decoder.decode(rest, out, true).isError() && !rest.hasRemaining() && !decoder.flush(out).isError();
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Reads the whole JSON text with Jackson's streaming parser, which knows where a syntax error is, and checks
     * every {@code crs} member ({@link InputFormats#checkGeoJsonCrs}).
     */
    static void checkJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            checkJson(in, file.getFileName().toString().replace(".utf8.", "."));
        }
    }

    /** As {@link #checkJson(Path)}, for a stream (e.g. a zip member); {@code name} names it in messages. */
    static void checkJson(InputStream in, String name) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        try (JsonParser p = mapper.getFactory().createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && "crs".equals(p.currentName())) {
                    p.nextToken();
                    InputFormats.checkGeoJsonCrs(name, mapper.readTree(p));
                }
            }
        } catch (JsonParseException e) {
            var at = e.getLocation();
            throw ImportException.badInput(name + " is not valid JSON at line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ": " + e.getOriginalMessage().lines().findFirst().orElse("syntax error")
                    + ". Fix the file and import it again.");
        }
    }
}
