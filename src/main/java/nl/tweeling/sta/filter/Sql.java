package nl.tweeling.sta.filter;

import java.util.ArrayList;
import java.util.List;

/** A piece of SQL with the values of its {@code ?} placeholders, in order. Immutable. */
public record Sql(String text, List<Object> params) {

    public static final Sql TRUE = new Sql("TRUE", List.of());

    public Sql {
        params = List.copyOf(params);
    }

    public static Sql of(String text) {
        return new Sql(text, List.of());
    }

    public static Sql param(Object value) {
        return new Sql("?", java.util.Collections.singletonList(value));
    }

    /** Concatenation of strings (SQL text) and {@link Sql} pieces, in order. */
    public static Sql join(Object... parts) {
        StringBuilder text = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Sql s) {
                text.append(s.text);
                params.addAll(s.params);
            } else {
                text.append((String) part);
            }
        }
        return new Sql(text.toString(), params);
    }

    /** {@code a AND b AND …}, leaving out TRUE. */
    public static Sql and(List<Sql> parts) {
        List<Object> out = new ArrayList<>();
        for (Sql p : parts) {
            if (p == TRUE) {
                continue;
            }
            out.add(out.isEmpty() ? "(" : " AND (");
            out.add(p);
            out.add(")");
        }
        return out.isEmpty() ? TRUE : join(out.toArray());
    }
}
