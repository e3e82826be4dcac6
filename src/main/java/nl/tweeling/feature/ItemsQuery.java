package nl.tweeling.feature;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.param.ParameterValues;
import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.time.TimeInterval;

/**
 * A validated request for a page of items. Built only through {@link #parse}, which rejects every
 * malformed or unknown parameter with a 400 naming it, before any SQL runs. Values are typed here so
 * that SQL only ever binds them.
 *
 * @param limit          items per page
 * @param bbox           {minx, miny, maxx, maxy} in {@code bboxCrs} axis order as given, or null
 * @param bboxCrs        CRS of the bbox
 * @param datetime       validity instant or interval, or null for the current versions
 * @param crs            CRS of the output geometries
 * @param equals         property equality filters, values typed by their queryable
 * @param sortBy         sort keys (the internal key always breaks ties)
 * @param properties     the properties to return, or null for all
 * @param skipGeometry   leave geometries out
 * @param filter         a CQL2 filter as SQL with bound parameters, or null
 * @param cursor         where the previous page ended (or, for a prev link, where the following page
 *                       began), or null for the first page
 */
public record ItemsQuery(
        int limit,
        double[] bbox,
        CrsChoice bboxCrs,
        TimeInterval datetime,
        CrsChoice crs,
        List<PropertyEquals> equals,
        List<SortKey> sortBy,
        List<String> properties,
        boolean skipGeometry,
        FeatureFilter filter,
        Cursor cursor) {

    /** A property equality filter, {@code name=value} in the query string. */
    public record PropertyEquals(Queryable property, Object value) {
    }

    /** A sort key: a queryable and its direction. */
    public record SortKey(Queryable property, boolean descending) {
    }

    /**
     * A position between two features in sort order: the sort values and internal key of a feature, and
     * which side of it the page lies on.
     *
     * @param backward false: the page holds the features after this one (a {@code next} link); true: the
     *                 features before it (a {@code prev} link), read in reverse order and flipped back
     */
    public record Cursor(List<Object> values, long fid, boolean backward) {
    }

    /** Parameters that items requests take besides the layer's queryables. */
    public static final Set<String> PARAMETERS = Set.of("limit", "bbox", "bbox-crs", "datetime", "crs", "filter",
            "filter-lang", "filter-crs", "sortby", "properties", "skipGeometry", "cursor", "f");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Turns a CQL2 filter into SQL; supplied by the caller so this record stays free of the parser. */
    @FunctionalInterface
    public interface FilterParser {
        FeatureFilter parse(Layer layer, String text, String lang, CrsChoice filterCrs);
    }

    public static ItemsQuery parse(Map<String, List<String>> params, Layer layer, int defaultLimit, int maxLimit,
            FilterParser filterParser) {
        Map<String, Queryable> queryables = new LinkedHashMap<>();
        for (Queryable q : Queryable.of(layer)) {
            queryables.put(q.name(), q);
        }
        List<PropertyEquals> equals = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String name = e.getKey();
            if (PARAMETERS.contains(name)) {
                if (e.getValue().size() > 1) {
                    throw TweelingException.badParameter(name, name + " may be given once.");
                }
                continue;
            }
            Queryable q = queryables.get(name);
            if (q == null || q.type() == null) {
                throw TweelingException.badParameter(name, "Unknown parameter " + abbreviate(name)
                        + "; the API document (/api) lists the parameters and queryables of this collection.");
            }
            if (e.getValue().size() > 1) {
                throw TweelingException.badParameter(name, name + " may be given once.");
            }
            equals.add(new PropertyEquals(q, typed(name, q, e.getValue().get(0))));
        }
        CrsChoice bboxCrs = CrsChoice.parse("bbox-crs", one(params, "bbox-crs"));
        String bboxText = one(params, "bbox");
        double[] bbox = parseBbox(bboxText, bboxCrs);
        if (bboxText == null && one(params, "bbox-crs") != null) {
            throw TweelingException.badParameter("bbox-crs", "bbox-crs needs a bbox.");
        }
        String dt = one(params, "datetime");
        TimeInterval datetime = dt == null ? null : TimeInterval.parse("datetime", dt);
        List<SortKey> sortBy = parseSortBy(one(params, "sortby"), queryables);
        FeatureFilter filter = null;
        String filterText = one(params, "filter");
        if (filterText != null) {
            String lang = one(params, "filter-lang");
            if (lang == null) {
                lang = "cql2-text";
            }
            if (!lang.equals("cql2-text") && !lang.equals("cql2-json")) {
                throw TweelingException.badParameter("filter-lang", "filter-lang must be cql2-text or cql2-json.");
            }
            filter = filterParser.parse(layer, filterText, lang, CrsChoice.parse("filter-crs", one(params, "filter-crs")));
        } else if (one(params, "filter-lang") != null || one(params, "filter-crs") != null) {
            CrsChoice.parse("filter-crs", one(params, "filter-crs"));
        }
        return new ItemsQuery(
                parseLimit(one(params, "limit"), defaultLimit, maxLimit),
                bbox, bboxCrs, datetime,
                CrsChoice.parse("crs", one(params, "crs")),
                List.copyOf(equals), sortBy,
                parseProperties(one(params, "properties"), queryables),
                parseBoolean("skipGeometry", one(params, "skipGeometry")),
                filter,
                parseCursor(one(params, "cursor"), sortBy));
    }

    /** Parameters that a single feature ({@code items/{featureId}}) takes. */
    public static final Set<String> ITEM_PARAMETERS = Set.of("crs", "properties", "skipGeometry", "f");

    /**
     * What a single feature request asks for: its CRS, the properties to show (null: every one) and whether to
     * leave the geometry out; any other parameter, or one given twice, is a 400 naming it.
     */
    public record ItemQuery(CrsChoice crs, List<String> properties, boolean skipGeometry) {
    }

    public static ItemQuery parseItem(Map<String, List<String>> params, Layer layer) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (!ITEM_PARAMETERS.contains(e.getKey())) {
                throw TweelingException.badParameter(e.getKey(), "Unknown parameter " + abbreviate(e.getKey())
                        + "; a single feature takes crs, properties, skipGeometry and f.");
            }
            if (e.getValue().size() > 1) {
                throw TweelingException.badParameter(e.getKey(), e.getKey() + " may be given once.");
            }
        }
        Map<String, Queryable> queryables = new LinkedHashMap<>();
        for (Queryable q : Queryable.of(layer)) {
            queryables.put(q.name(), q);
        }
        return new ItemQuery(CrsChoice.parse("crs", one(params, "crs")),
                parseProperties(one(params, "properties"), queryables),
                parseBoolean("skipGeometry", one(params, "skipGeometry")));
    }

    /** True when the request selects a subset of the current features (numberMatched then needs a count). */
    public boolean filtered() {
        return bbox != null || datetime != null || !equals.isEmpty() || filter != null;
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() || v.get(0) == null || v.get(0).isEmpty() ? null : v.get(0);
    }

    static int parseLimit(String raw, int defaultLimit, int maxLimit) {
        if (raw == null || raw.isBlank()) {
            return defaultLimit;
        }
        return ParameterValues.wholeNumber("limit", raw, 1, maxLimit);
    }

    static double[] parseBbox(String raw, CrsChoice crs) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String[] parts = raw.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw TweelingException.badParameter("bbox", "bbox takes 4 or 6 comma-separated numbers: minx,miny,maxx,maxy.");
        }
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw TweelingException.badParameter("bbox", "bbox value " + (i + 1) + " is not a number.");
            }
            if (!Double.isFinite(v[i])) {
                throw TweelingException.badParameter("bbox", "bbox value " + (i + 1) + " is not a finite number.");
            }
        }
        // 6 numbers: minx, miny, minz, maxx, maxy, maxz; heights are ignored
        double[] box = parts.length == 4 ? v : new double[] {v[0], v[1], v[3], v[4]};
        boolean degrees = crs == CrsChoice.CRS84 || crs == CrsChoice.EPSG_4326;
        // the longitude axis may run "backwards": such a box crosses the antimeridian (OGC 17-069r4, 7.15.3);
        // in projected CRSs and on the latitude axis a minimum above its maximum is an error
        int longitude = degrees ? (crs.latitudeFirst() ? 1 : 0) : -1;
        for (int axis = 0; axis < 2; axis++) {
            if (box[axis] > box[axis + 2] && axis != longitude) {
                throw TweelingException.badParameter("bbox", "bbox " + (axis == 0 ? "first" : "second")
                        + " coordinate: the minimum is above the maximum.");
            }
        }
        if (degrees) {
            int lat0 = 1 - longitude;
            if (Math.min(box[lat0], box[lat0 + 2]) < -90 || Math.max(box[lat0], box[lat0 + 2]) > 90
                    || Math.min(box[longitude], box[longitude + 2]) < -180 || Math.max(box[longitude], box[longitude + 2]) > 180) {
                throw TweelingException.badParameter("bbox", "bbox latitudes must lie within ±90 and longitudes within ±180.");
            }
        }
        return box;
    }

    static List<SortKey> parseSortBy(String raw, Map<String, Queryable> queryables) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<SortKey> keys = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : raw.split(",", -1)) {
            String p = part.strip();
            boolean desc = false;
            if (p.startsWith("-")) {
                desc = true;
                p = p.substring(1);
            } else if (p.startsWith("+")) {
                p = p.substring(1);
            }
            Queryable q = queryables.get(p);
            if (q == null || q.type() == null || q.type().equals("array")) {
                throw TweelingException.badParameter("sortby", "Cannot sort by " + abbreviate(p)
                        + "; see /collections/{id}/queryables for the sortable properties.");
            }
            if (!seen.add(p)) {
                throw TweelingException.badParameter("sortby", "sortby names " + p + " twice.");
            }
            keys.add(new SortKey(q, desc));
        }
        return List.copyOf(keys);
    }

    static List<String> parseProperties(String raw, Map<String, Queryable> queryables) {
        if (raw == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String p = part.strip();
            Queryable q = queryables.get(p);
            if (q == null || q.type() == null) {
                throw TweelingException.badParameter("properties", "Unknown property " + abbreviate(p) + ".");
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    static boolean parseBoolean(String parameter, String raw) {
        if (raw == null) {
            return false;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw TweelingException.badParameter(parameter, parameter + " must be true or false.");
        };
    }

    /** A query-string value typed as the queryable's JSON Schema type says. */
    static Object typed(String parameter, Queryable q, String raw) {
        try {
            return switch (q.type()) {
                case "integer" -> {
                    if (!ParameterValues.isAsciiInteger(raw.strip())) {
                        throw new NumberFormatException();
                    }
                    yield ParameterValues.fitsColumn(parameter, q.sqlType(), Long.parseLong(raw.strip()));
                }
                case "number" -> {
                    double d = Double.parseDouble(raw.strip());
                    if (!Double.isFinite(d)) {
                        throw new NumberFormatException();
                    }
                    yield ParameterValues.fitsColumn(parameter, q.sqlType(), d);
                }
                case "boolean" -> parseBoolean(parameter, raw);
                case "string" -> {
                    if ("date-time".equals(q.format())) {
                        OffsetDateTime t = OffsetDateTime.parse(raw.strip());
                        ParameterValues.instant(parameter, t.toInstant());
                        yield t;
                    }
                    if ("date".equals(q.format())) {
                        yield java.time.LocalDate.parse(raw.strip());
                    }
                    if ("uuid".equals(q.format())) {
                        yield java.util.UUID.fromString(raw.strip());
                    }
                    yield raw;
                }
                default -> throw TweelingException.badParameter(parameter, parameter + " cannot be compared for equality.");
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw TweelingException.badParameter(parameter, parameter + " must be " + describe(q) + ".");
        } catch (IllegalArgumentException e) {
            throw TweelingException.badParameter(parameter, parameter + " must be " + describe(q) + ".");
        }
    }

    private static String describe(Queryable q) {
        return q.format() != null ? "a " + q.format() + " value" : "a" + ("integer".equals(q.type()) ? "n " : " ") + q.type();
    }

    // ---- cursors: base64url of JSON {"v": [sort values…], "f": fid, "d": "prev"} ("d" absent: next) ----

    static Cursor parseCursor(String raw, List<SortKey> sortBy) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(Base64.getUrlDecoder().decode(raw.strip()));
            if (n == null) {
                throw new IllegalArgumentException();
            }
            JsonNode values = n.get("v");
            JsonNode fid = n.get("f");
            JsonNode direction = n.get("d");
            if (values == null || !values.isArray() || values.size() != sortBy.size() || fid == null || !fid.canConvertToLong()
                    || (direction != null && !direction.asText().equals("prev"))) {
                throw new IllegalArgumentException();
            }
            List<Object> typed = new ArrayList<>();
            for (int i = 0; i < sortBy.size(); i++) {
                JsonNode v = values.get(i);
                typed.add(v.isNull() ? null : typed("cursor", sortBy.get(i).property(), v.asText()));
            }
            return new Cursor(java.util.Collections.unmodifiableList(typed), fid.asLong(), direction != null);
        } catch (TweelingException | IllegalArgumentException | java.io.IOException e) {
            throw TweelingException.badParameter("cursor", "cursor is not one this server handed out for this request; follow the next or prev link.");
        }
    }

    /** The opaque cursor of the page that begins after a feature with these sort values and internal key. */
    public static String cursorAfter(List<Object> sortValues, long fid) {
        return cursor(sortValues, fid, false);
    }

    /** The opaque cursor of the page that ends before a feature with these sort values and internal key. */
    public static String cursorBefore(List<Object> sortValues, long fid) {
        return cursor(sortValues, fid, true);
    }

    private static String cursor(List<Object> sortValues, long fid, boolean backward) {
        ArrayNode v = JSON.createArrayNode();
        for (Object o : sortValues) {
            if (o == null) {
                v.addNull();
            } else {
                v.add(o.toString());
            }
        }
        var node = JSON.createObjectNode();
        node.set("v", v);
        node.put("f", fid);
        if (backward) {
            node.put("d", "prev");
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("[^\\p{Print}]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
