package nl.tweeling.common.sql;

import java.util.regex.Pattern;

/**
 * Quoting of SQL identifiers. Identifiers used in SQL text never come from a request: they come from the
 * layer registry or the database catalog, and are quoted here all the same.
 */
public final class Identifiers {

    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]*");

    private Identifiers() {
    }

    /** {@code name} as a double-quoted identifier, inner quotes doubled. */
    public static String quote(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an identifier");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code schema.table}, both parts quoted. */
    public static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /** True for names that need no quoting (lower case letters, digits, underscore). */
    public static boolean isPlain(String name) {
        return name != null && SAFE.matcher(name).matches();
    }
}
