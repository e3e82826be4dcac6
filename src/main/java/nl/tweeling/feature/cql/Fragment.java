package nl.tweeling.feature.cql;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of SQL with the parameters of its {@code ?} placeholders, in order. {@link #TRUE} and {@link #FALSE} are
 * the only constant conditions; the combinators fold them away. Immutable.
 */
record Fragment(String sql, List<Object> params) {

    static final Fragment TRUE = new Fragment("TRUE", List.of());
    static final Fragment FALSE = new Fragment("FALSE", List.of());

    Fragment {
        params = List.copyOf(params);
    }

    static Fragment of(String sql) {
        return new Fragment(sql, List.of());
    }

    static Fragment param(Object value) {
        return new Fragment("?", List.of(value));
    }

    /** Concatenation of strings (SQL text) and fragments, in order. */
    static Fragment join(Object... parts) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Fragment f) {
                sql.append(f.sql);
                params.addAll(f.params);
            } else {
                sql.append((String) part);
            }
        }
        return new Fragment(sql.toString(), params);
    }

    /** {@code (a AND b …)}, folding TRUE and FALSE. */
    static Fragment and(List<Fragment> conditions) {
        return combine(conditions, " AND ", TRUE, FALSE);
    }

    /** {@code (a OR b …)}, folding TRUE and FALSE. */
    static Fragment or(List<Fragment> conditions) {
        return combine(conditions, " OR ", FALSE, TRUE);
    }

    static Fragment not(Fragment condition) {
        if (condition == TRUE) {
            return FALSE;
        }
        if (condition == FALSE) {
            return TRUE;
        }
        return join("NOT (", condition, ")");
    }

    private static Fragment combine(List<Fragment> conditions, String op, Fragment neutral, Fragment absorbing) {
        List<Fragment> kept = new ArrayList<>();
        for (Fragment c : conditions) {
            if (c == absorbing) {
                return absorbing;
            }
            if (c != neutral) {
                kept.add(c);
            }
        }
        if (kept.isEmpty()) {
            return neutral;
        }
        if (kept.size() == 1) {
            return kept.get(0);
        }
        List<Object> parts = new ArrayList<>();
        parts.add("(");
        for (int i = 0; i < kept.size(); i++) {
            if (i > 0) {
                parts.add(op);
            }
            parts.add(kept.get(i));
        }
        parts.add(")");
        return join(parts.toArray());
    }
}
