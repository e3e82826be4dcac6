package nl.tweeling.process;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Inlines bound values into SQL as literals, for relations a model uses as text ({@code ModelContext.relation}
 * promises SQL without bind parameters, while a scenario's overlay binds its scenario id, revision and base instant).
 * Only the value types such relations bind are accepted (numbers, booleans, strings, instants, UUIDs, null), each
 * written so that it cannot end its literal; the {@code ?} markers are found outside string literals, quoted
 * identifiers and comments. Plain Java, stateless, thread-safe.
 */
public final class SqlLiterals {

    private SqlLiterals() {
    }

    /** {@code sql} with its i-th {@code ?} replaced by {@code params.get(i)} as a literal. */
    public static String inline(String sql, List<Object> params) {
        StringBuilder out = new StringBuilder(sql.length() + 16 * params.size());
        int next = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n) {
                    if (sql.charAt(end) == c) {
                        if (end + 1 < n && sql.charAt(end + 1) == c) {
                            end += 2;   // doubled quote inside
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                out.append(sql, i, Math.min(end + 1, n));
                i = end + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (c == '?') {
                if (next >= params.size()) {
                    throw new IllegalArgumentException("the SQL has more parameter markers than the " + params.size()
                            + " values given");
                }
                out.append(literal(params.get(next++)));
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        if (next != params.size()) {
            throw new IllegalArgumentException("the SQL has " + next + " parameter markers for " + params.size()
                    + " values");
        }
        return out.toString();
    }

    /** One value as an SQL literal. */
    static String literal(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return "(" + v + ")";
        }
        if (v instanceof Double d && Double.isFinite(d)) {
            return "(" + d + "::float8)";
        }
        if (v instanceof BigDecimal b) {
            return "(" + b.toPlainString() + ")";
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (v instanceof String s) {
            return quoted(s);
        }
        if (v instanceof java.sql.Timestamp t) {
            return quoted(t.toInstant().toString()) + "::timestamptz";
        }
        if (v instanceof Instant t) {
            return quoted(t.toString()) + "::timestamptz";
        }
        if (v instanceof OffsetDateTime t) {
            return quoted(t.toInstant().toString()) + "::timestamptz";
        }
        if (v instanceof UUID u) {
            return quoted(u.toString()) + "::uuid";
        }
        throw new IllegalArgumentException("cannot inline a value of type " + v.getClass().getSimpleName());
    }

    private static String quoted(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string with a NUL character cannot be an SQL literal");
        }
        return "'" + s.replace("'", "''") + "'";
    }
}
