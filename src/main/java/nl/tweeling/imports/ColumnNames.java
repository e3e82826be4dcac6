package nl.tweeling.imports;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Safe column names for the fields of a source: ASCII lower case letters, digits and underscores, at most
 * 63 characters, never one of the columns every layer has. Accents are dropped ({@code OFFICIËLE} becomes
 * {@code officiele}), every other run of characters becomes one underscore, a leading digit gets a
 * {@code f_} prefix, and names that collide get {@code _2}, {@code _3}, ... in field order. The rule is
 * deterministic, so the same source field always lands in the same column.
 */
final class ColumnNames {

    /** Columns of every layer table (identity, geometry, history, lineage); a field never takes one. */
    static final Set<String> RESERVED = Set.of("fid", "feature_id", "geom", "geom_crs84", "valid_from", "valid_to",
            "content_hash", "source", "source_run", "source_id", "fetched_at", "ingested_at");

    private ColumnNames() {
    }

    /**
     * The staging table's columns keyed by the source's whole field names: PostgreSQL cuts identifiers at 63
     * bytes, so a staged column of a longer field has the cut name; the field it came from (the one field whose
     * name, cut at 63 bytes, is that column) takes its place. SQL may use the whole name: PostgreSQL cuts it the
     * same way.
     */
    static Map<String, String> restore(Map<String, String> staged, List<String> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : staged.entrySet()) {
            String staged0 = e.getKey();
            String name = staged0;
            if (staged0.getBytes(java.nio.charset.StandardCharsets.UTF_8).length == 63) {
                List<String> whole = fields.stream().filter(f -> !f.equals(staged0) && cut(f).equals(staged0)).toList();
                if (whole.size() == 1) {
                    name = whole.get(0);
                }
            }
            out.put(name, e.getValue());
        }
        return out;
    }

    /** A name as PostgreSQL keeps it: at most 63 bytes of UTF-8, not splitting a character. */
    static String cut(String name) {
        byte[] b = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (b.length <= 63) {
            return name;
        }
        int n = 63;
        while (n > 0 && (b[n] & 0xC0) == 0x80) {
            n--;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Original field name to safe column name, in field order. */
    static Map<String, String> of(List<String> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>(RESERVED);
        for (String field : fields) {
            String base = safe(field);
            if (RESERVED.contains(base)) {
                base = base + "_src";
            }
            String name = base;
            for (int n = 2; taken.contains(name); n++) {
                String suffix = "_" + n;
                name = base.substring(0, Math.min(base.length(), 63 - suffix.length())) + suffix;
            }
            taken.add(name);
            out.put(field, name);
        }
        return out;
    }

    /**
     * The property name the API serves for a column, when it is not the column's own: the whole safe name of a
     * field whose safe name is longer than PostgreSQL's 63-byte identifiers (the column holds it shortened);
     * null otherwise.
     */
    static String property(String field, String column) {
        String full = safeName(field);
        if (full.length() <= 63 || ColumnNames.RESERVED.contains(full)) {
            return null;
        }
        return full.equals(column) ? null : full;
    }

    static String safe(String field) {
        String s = safeName(field);
        return s.length() > 63 ? s.substring(0, 63) : s;
    }

    /** The safe form of a field name, however long. */
    private static String safeName(String field) {
        String ascii = Normalizer.normalize(field, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (s.isEmpty()) {
            s = "field";
        }
        if (Character.isDigit(s.charAt(0))) {
            s = "f_" + s;
        }
        return s;
    }
}
