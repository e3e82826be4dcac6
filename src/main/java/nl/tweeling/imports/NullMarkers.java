package nl.tweeling.imports;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Values that mean "no value" in open-data files (CBS and Klimaatmonitor write {@code ?}, {@code .} and
 * {@code -} where a number is unknown or secret, R and many exports {@code NA}) become real nulls before GDAL reads the file, so a numeric
 * column stays numeric instead of turning into text (docs/import.md, "Null markers"). Text formats only: a
 * GeoJSON feature's property whose value is exactly a marker (after trimming), and a CSV cell that is. The file
 * is rewritten in one streaming pass; every other byte of meaning stays as it was.
 */
final class NullMarkers {

    /** The markers an import treats as null unless it gives its own (nullValues). */
    static final List<String> DEFAULT = List.of("?", ".", "-", "NA");

    private NullMarkers() {
    }

    /** A number as JSON writes it, canonical (no leading zeros or plus sign), so no code-like text is changed. */
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    /**
     * Rewrites a GeoJSON file: property values that are a marker become null. A property whose values are all
     * numbers, numbers written as text, nulls or markers, with at least one marker, was made text by the markers
     * (open-data converters quote every value of such a column): its numbers written as text become numbers.
     * Returns how many markers became null; when there are none, {@code out} is not written.
     */
    static long rewriteJson(Path in, Path out, Set<String> markers) throws IOException {
        JsonFactory factory = new JsonFactory();
        java.util.Map<String, boolean[]> columns = new java.util.HashMap<>();   // {marker seen, only numbers}
        walk(factory, in, null, (name, p) -> {
            boolean[] c = columns.computeIfAbsent(name, k -> new boolean[] {false, true});
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING) {
                String v = p.getText().strip();
                if (markers.contains(v)) {
                    c[0] = true;
                } else if (!NUMBER.matcher(v).matches()) {
                    c[1] = false;
                }
            } else if (t != JsonToken.VALUE_NULL && t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                c[1] = false;
            }
            return false;
        });
        if (columns.values().stream().noneMatch(c -> c[0])) {
            return 0;   // no marker anywhere: nothing to rewrite (the common case costs one read, no write)
        }
        Set<String> numeric = new java.util.HashSet<>();
        columns.forEach((name, c) -> {
            if (c[0] && c[1]) {
                numeric.add(name);
            }
        });
        long[] replaced = {0};
        try (OutputStream os = Files.newOutputStream(out); JsonGenerator g = factory.createGenerator(os)) {
            walk(factory, in, g, (name, p) -> {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return false;
                }
                String v = p.getText().strip();
                if (markers.contains(v)) {
                    g.writeNull();
                    replaced[0]++;
                    return true;
                }
                if (numeric.contains(name)) {
                    g.writeNumber(v);
                    return true;
                }
                return false;
            });
        }
        return replaced[0];
    }

    /** Sees a property value (its name, the parser on it); true when it wrote the value itself. */
    @FunctionalInterface
    private interface PropertyValue {
        boolean visit(String name, JsonParser p) throws IOException;
    }

    /**
     * Reads the JSON, calling {@code value} for each scalar value directly inside a "properties" object, and
     * copies every token it did not write to {@code g} (when not null).
     */
    private static void walk(JsonFactory factory, Path in, JsonGenerator g, PropertyValue value) throws IOException {
        try (InputStream is = Files.newInputStream(in); JsonParser p = factory.createParser(is)) {
            // per open container: whether it is the object of a "properties" member
            Deque<Boolean> properties = new ArrayDeque<>();
            String field = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT -> {
                        properties.push("properties".equals(field) && !properties.isEmpty());
                        field = null;
                        if (g != null) {
                            g.writeStartObject();
                        }
                    }
                    case START_ARRAY -> {
                        properties.push(false);
                        field = null;
                        if (g != null) {
                            g.writeStartArray();
                        }
                    }
                    case END_OBJECT, END_ARRAY -> {
                        properties.pop();
                        if (g != null) {
                            g.copyCurrentEvent(p);
                        }
                    }
                    case FIELD_NAME -> {
                        field = p.currentName();
                        if (g != null) {
                            g.writeFieldName(field);
                        }
                    }
                    default -> {
                        boolean written = !properties.isEmpty() && properties.peek() && field != null
                                && value.visit(field, p);
                        if (!written && g != null) {
                            g.copyCurrentEvent(p);
                        }
                        field = null;
                    }
                }
            }
        }
    }

    /**
     * Rewrites a CSV file (UTF-8; {@code ,} {@code ;} or tab separated, RFC 4180 quotes): cells that are a
     * marker become empty, which the import reads as null. The header line is kept as it is.
     */
    static long rewriteCsv(Path in, Path out, Set<String> markers) throws IOException {
        long replaced = 0;
        try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8);
                BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                return 0;
            }
            char sep = separator(header);
            w.write(header);
            w.write('\n');
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean inQuotes = false;
            int c;
            while ((c = r.read()) >= 0) {
                char ch = (char) c;
                if (inQuotes) {
                    cell.append(ch);
                    if (ch == '"') {
                        r.mark(1);
                        int next = r.read();
                        if (next == '"') {
                            cell.append('"');
                        } else {
                            inQuotes = false;
                            if (next >= 0) {
                                r.reset();
                            }
                        }
                    }
                    continue;
                }
                if (ch == '"' && cell.toString().isBlank()) {
                    inQuotes = true;
                    quoted = true;
                    cell.append(ch);
                } else if (ch == sep || ch == '\n') {
                    replaced += flush(w, cell, quoted, markers);
                    w.write(ch);
                    quoted = false;
                } else if (ch != '\r') {
                    cell.append(ch);
                } else {
                    replaced += flush(w, cell, quoted, markers);
                    w.write(ch);
                    quoted = false;
                }
            }
            replaced += flush(w, cell, quoted, markers);
        }
        return replaced;
    }

    private static long flush(BufferedWriter w, StringBuilder cell, boolean quoted, Set<String> markers)
            throws IOException {
        String text = cell.toString();
        cell.setLength(0);
        String value = text.strip();
        if (quoted && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\"\"", "\"").strip();
        }
        if (!text.isEmpty() && markers.contains(value)) {
            return 1;
        }
        w.write(text);
        return 0;
    }

    /** The separator GDAL's CSV driver would pick from the header: the most frequent of ; tab and , outside quotes. */
    static char separator(String header) {
        int comma = 0;
        int semicolon = 0;
        int tab = 0;
        boolean q = false;
        for (char ch : header.toCharArray()) {
            if (ch == '"') {
                q = !q;
            } else if (!q) {
                comma += ch == ',' ? 1 : 0;
                semicolon += ch == ';' ? 1 : 0;
                tab += ch == '\t' ? 1 : 0;
            }
        }
        if (semicolon > comma && semicolon >= tab) {
            return ';';
        }
        return tab > comma ? '\t' : ',';
    }
}
