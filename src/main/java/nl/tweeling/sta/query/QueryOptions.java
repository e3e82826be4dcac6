package nl.tweeling.sta.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.tweeling.common.problem.TweelingException;

/**
 * The SensorThings query options of one request or of one {@code $expand} item, checked for form (not yet against
 * an entity type). {@code raw} keeps the options as given, for next links.
 */
public record QueryOptions(Integer top, Integer skip, boolean count, String filter, String orderBy, List<String> select,
        List<Expand> expand, boolean dataArray, String skipToken, Map<String, String> raw) {

    /** The options a request may carry. */
    public static final Set<String> NAMES = Set.of("$top", "$skip", "$count", "$filter", "$orderby", "$select",
            "$expand", "$resultFormat", "$skiptoken");

    /** One {@code $expand} item: a navigation path ({@code Datastreams/Observations}) with its own options. */
    public record Expand(List<String> path, QueryOptions options) {
    }

    static final int MAX_EXPAND_DEPTH = 5;

    public static QueryOptions empty() {
        return new QueryOptions(null, null, false, null, null, List.of(), List.of(), false, null, Map.of());
    }

    /** The options of a request, from its decoded query parameters (each at most once). */
    /**
     * The query options of a raw query string ({@code a=1&b=2}, percent-encoded, {@code +} a space), split on
     * {@code &} only: OData separates the options nested in {@code $expand(…)} with {@code ;}, which the HTTP
     * layer's own query parser would take for a parameter separator. A malformed escape is a 400.
     */
    public static Map<String, List<String>> parameters(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
            throw TweelingException.badParameter("query", "The query string holds a malformed %-escape: " + shown + ".");
        }
    }

    public static QueryOptions of(Map<String, List<String>> params) {
        Map<String, String> one = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (!NAMES.contains(e.getKey())) {
                String shown = e.getKey().length() > 40 ? e.getKey().substring(0, 40) + "…" : e.getKey();
                throw TweelingException.badParameter(e.getKey(), "Unknown query option " + shown + "; SensorThings takes "
                        + String.join(", ", NAMES.stream().sorted().toList()) + ".");
            }
            if (e.getValue().size() > 1) {
                throw TweelingException.badParameter(e.getKey(), e.getKey() + " may be given once.");
            }
            one.put(e.getKey(), e.getValue().get(0));
        }
        return build(one, "", 0);
    }

    private static QueryOptions build(Map<String, String> o, String where, int depth) {
        Integer top = whole(o, "$top", where);
        Integer skip = whole(o, "$skip", where);
        boolean count = false;
        String c = o.get("$count");
        if (c != null) {
            if (!c.equals("true") && !c.equals("false")) {
                throw bad(where + "$count", "$count is true or false.");
            }
            count = c.equals("true");
        }
        String rf = o.get("$resultFormat");
        if (rf != null && !rf.equals("dataArray")) {
            throw bad(where + "$resultFormat", "$resultFormat takes only dataArray.");
        }
        List<String> select = new ArrayList<>();
        String s = o.get("$select");
        if (s != null) {
            for (String part : s.split(",", -1)) {
                String name = part.strip();
                if (name.isEmpty()) {
                    throw bad(where + "$select", "$select is a comma-separated list of property names.");
                }
                select.add(name);
            }
        }
        List<Expand> expand = new ArrayList<>();
        String e = o.get("$expand");
        if (e != null) {
            if (depth >= MAX_EXPAND_DEPTH) {
                throw bad(where + "$expand", "$expand may be nested " + MAX_EXPAND_DEPTH + " levels deep at most.");
            }
            for (String item : split(e, ',', where + "$expand")) {
                expand.add(expandItem(item.strip(), where, depth));
            }
        }
        String filter = o.get("$filter");
        String orderBy = o.get("$orderby");
        return new QueryOptions(top, skip, count, filter == null || filter.isBlank() ? null : filter,
                orderBy == null || orderBy.isBlank() ? null : orderBy, List.copyOf(select), List.copyOf(expand),
                rf != null, o.get("$skiptoken"), Map.copyOf(o));
    }

    private static Expand expandItem(String item, String where, int depth) {
        String name = item;
        Map<String, String> options = new LinkedHashMap<>();
        int open = item.indexOf('(');
        if (open >= 0) {
            if (!item.endsWith(")")) {
                throw bad(where + "$expand", "$expand: '" + shorten(item) + "' has options that are not closed by ')'.");
            }
            name = item.substring(0, open).strip();
            for (String option : split(item.substring(open + 1, item.length() - 1), ';', where + "$expand")) {
                int eq = option.indexOf('=');
                String key = eq < 0 ? option.strip() : option.substring(0, eq).strip();
                if (eq < 0 || !NAMES.contains(key) || key.equals("$skiptoken")) {
                    throw bad(where + "$expand", "$expand: '" + shorten(option) + "' is not a query option"
                            + " ($filter, $select, $expand, $orderby, $top, $skip, $count).");
                }
                if (options.put(key, option.substring(eq + 1)) != null) {
                    throw bad(where + "$expand", "$expand: " + key + " is given twice for " + shorten(name) + ".");
                }
            }
        }
        List<String> path = List.of(name.split("/", -1));
        if (name.isEmpty() || path.stream().anyMatch(String::isEmpty)) {
            throw bad(where + "$expand", "$expand is a comma-separated list of navigation properties, e.g."
                    + " Datastreams($top=2),Locations.");
        }
        String inner = where + name + ": ";
        return new Expand(path, build(options, inner, depth + 1));
    }

    /** Splits at {@code sep} outside parentheses and quotes. */
    static List<String> split(String s, char sep, String parameter) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
                if (depth < 0) {
                    throw bad(parameter, parameter + ": a ')' at character " + (i + 1) + " closes nothing.");
                }
            } else if (!quoted && depth == 0 && c == sep) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0 || quoted) {
            throw bad(parameter, parameter + ": a parenthesis or quote is not closed.");
        }
        out.add(s.substring(start));
        return out;
    }

    private static Integer whole(Map<String, String> o, String name, String where) {
        String v = o.get(name);
        if (v == null) {
            return null;
        }
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(Character::isDigit)) {
            throw bad(where + name, where + name + " is a whole number ≥ 0, not '" + shorten(v) + "'.");
        }
        return Integer.parseInt(v);
    }

    static TweelingException bad(String parameter, String detail) {
        return TweelingException.badParameter(parameter, detail);
    }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
