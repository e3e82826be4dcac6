package nl.tweeling.sta.write;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.tweeling.common.problem.TweelingException;

/**
 * Reading a SensorThings request body: the JSON itself (an error names line and column) and its members, each
 * checked with an error that names the member by its path in the body ({@code Datastreams[0].Sensor.name}).
 * Every error is a 400 problem whose {@code errors} hold {@code {"field": …, "reason": …}}. Plain Java, stateless.
 */
public final class Body {

    private Body() {
    }

    /** The body as one JSON value; malformed JSON is a 400 naming where it broke and why. */
    public static JsonNode parse(ObjectMapper json, byte[] body) {
        if (body == null || body.length == 0) {
            throw TweelingException.badBody("The request body is empty: send the entity as JSON.", List.of());
        }
        try {
            JsonNode n = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
            if (n == null || n.isMissingNode()) {
                throw TweelingException.badBody("The request body is empty: send the entity as JSON.", List.of());
            }
            return n;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            if (why.length() > 160) {
                why = why.substring(0, 160) + "…";
            }
            throw TweelingException.badBody("The body is not valid JSON" + where + (why.isEmpty() ? "." : ": " + why + "."),
                    List.of(Map.of("field", "(body)", "reason", "not valid JSON" + where)));
        } catch (IOException e) {
            throw TweelingException.badBody("The request body could not be read.", List.of());
        }
    }

    /** A 400 problem about one member of the body. */
    public static TweelingException invalid(String field, String reason) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("reason", reason);
        return TweelingException.badBody(field + ": " + reason, List.of(error));
    }

    /** {@code parent.name}, or {@code name} at the top. */
    public static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** The body (or a member) as an object. */
    public static ObjectNode object(JsonNode n, String field, String what) {
        if (n == null || !n.isObject()) {
            throw invalid(field.isEmpty() ? "(body)" : field, what + " is a JSON object");
        }
        return (ObjectNode) n;
    }

    /** Rejects members outside {@code allowed} (navigation links and @iot.selfLink written by servers are ignored). */
    public static void only(ObjectNode n, String parent, Set<String> allowed, String type) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (allowed.contains(name) || name.endsWith("@iot.navigationLink") || name.equals("@iot.selfLink")) {
                continue;
            }
            String shown = name.length() > 60 ? name.substring(0, 60) + "…" : name;
            throw invalid(path(parent, shown), type + " has no member " + shown);
        }
    }

    /** A string member: required ones must be present and not null. Null when absent (or null and optional). */
    public static String text(ObjectNode n, String parent, String name, boolean required) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(path(parent, name), v == null ? "is required" : "must not be null");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(path(parent, name), "must be a string");
        }
        String s = v.asText();
        if (s.indexOf('\0') >= 0) {
            throw invalid(path(parent, name), "contains a NUL character (\\u0000), which the database cannot store");
        }
        return s;
    }

    /** A JSON object member (properties, parameters) as JSON text; null when absent or null. */
    public static String jsonObject(ObjectNode n, String parent, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw invalid(path(parent, name), "must be a JSON object");
        }
        String text = v.toString();
        if (text.contains("\\u0000")) {
            throw invalid(path(parent, name), "contains a NUL character (\\u0000), which the database cannot store");
        }
        return text;
    }

    /** An ISO 8601 instant with offset; null when absent or null. */
    public static Instant instant(ObjectNode n, String parent, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(path(parent, name), "must be an ISO 8601 time (e.g. 2026-03-01T12:00:00Z)");
        }
        return instant(v.asText(), path(parent, name));
    }

    static Instant instant(String text, String field) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
            throw invalid(field, "'" + shown + "' is not an ISO 8601 time with offset (e.g. 2026-03-01T12:00:00Z)");
        }
    }

    /** A time: an instant, or an interval {@code start/end} (end not before start). */
    public record Time(Instant start, Instant end) {
    }

    /** An instant or an ISO 8601 interval of two instants; null when absent or null. */
    public static Time time(ObjectNode n, String parent, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        String field = path(parent, name);
        if (!v.isTextual()) {
            throw invalid(field, "must be an ISO 8601 time or interval (start/end)");
        }
        String s = v.asText();
        int slash = s.indexOf('/');
        if (slash < 0) {
            return new Time(instant(s, field), null);
        }
        Instant a = instant(s.substring(0, slash), field);
        Instant b = instant(s.substring(slash + 1), field);
        if (b.isBefore(a)) {
            throw invalid(field, "the interval ends before it starts");
        }
        return new Time(a, b);
    }

    /**
     * The {@code @iot.id} of a link ({@code {"@iot.id": 12}}, also as "12"), or null when {@code n} is an entity to
     * create (no @iot.id). A link with other members than @iot.id and @iot.selfLink is an error.
     */
    public static Long linkId(JsonNode n, String field) {
        if (n == null || !n.isObject()) {
            throw invalid(field, "must be an entity (a JSON object) or a link {\"@iot.id\": <id>}");
        }
        JsonNode id = n.get("@iot.id");
        if (id == null) {
            return null;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!name.equals("@iot.id") && !name.equals("@iot.selfLink")) {
                throw invalid(field, "a link {\"@iot.id\": <id>} takes no other members (found " + name + ")");
            }
        }
        if (id.isIntegralNumber() && id.canConvertToLong() && id.asLong() >= 0) {
            return id.asLong();
        }
        if (id.isTextual() && id.asText().matches("\\d{1,18}")) {
            return Long.parseLong(id.asText());
        }
        throw invalid(path(field, "@iot.id"), "must be a whole number");
    }

    // ------------------------------------------------------------------ members of the entity types

    /** A PATCH member that may be left out but not set to null; null when absent. */
    static String required(ObjectNode n, String name) {
        return n.has(name) ? Body.text(n, "", name, true) : null;
    }

    /** A PATCH's properties: its JSON text, {} for null, null when absent. */
    static String properties(ObjectNode n) {
        if (!n.has("properties")) {
            return null;
        }
        String p = Body.jsonObject(n, "", "properties");
        return p == null ? "{}" : p;
    }

    static String encoding(ObjectNode n, String path) {
        String e = Body.text(n, path, "encodingType", true);
        if (!GeoJson.ENCODINGS.contains(e.toLowerCase(Locale.ROOT))) {
            throw Body.invalid(Body.path(path, "encodingType"), "must be application/geo+json (or"
                    + " application/vnd.geo+json): the geometry is GeoJSON");
        }
        return e;
    }

    /** A Sensor's metadata: a string (a URL, a description); other JSON is kept as its text. */
    static String metadata(ObjectNode n, String path, boolean required) {
        JsonNode v = n.get("metadata");
        if (v == null || v.isNull()) {
            if (required) {
                throw Body.invalid(Body.path(path, "metadata"), v == null ? "is required" : "must not be null");
            }
            return null;
        }
        return v.isTextual() ? Body.text(n, path, "metadata", true) : v.toString();
    }

    /** unitOfMeasurement as name, symbol, definition (each may be null). */
    static String[] unit(ObjectNode n, String path, boolean required) {
        String at = Body.path(path, "unitOfMeasurement");
        JsonNode u = n.get("unitOfMeasurement");
        if (u == null || u.isNull()) {
            if (required) {
                throw Body.invalid(at, "is required: {\"name\": …, \"symbol\": …, \"definition\": …}");
            }
            return new String[3];
        }
        ObjectNode o = Body.object(u, at, "unitOfMeasurement");
        Body.only(o, at, Set.of("name", "symbol", "definition"), "unitOfMeasurement");
        return new String[] {Body.text(o, at, "name", false), Body.text(o, at, "symbol", false),
            Body.text(o, at, "definition", false)};
    }

    static String quality(JsonNode q) {
        if (q == null || q.isNull()) {
            return null;
        }
        return q.isTextual() ? q.asText() : q.toString();
    }

    /** A navigation member holding an array; empty when absent or null. */
    static List<JsonNode> array(ObjectNode n, String path, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw Body.invalid(Body.path(path, name), "must be an array of entities or links {\"@iot.id\": n}");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** A member that must hold a new entity, not a link. */
    static ObjectNode inline(JsonNode n, String field, String whyNotALink) {
        if (Body.linkId(n, field) != null) {
            throw Body.invalid(field, "must be a new entity here, not a link: " + whyNotALink);
        }
        return (ObjectNode) n;
    }

    static void refuse(ObjectNode n, String path, String member, String why) {
        if (n.has(member)) {
            throw Body.invalid(Body.path(path, member), why);
        }
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static String path(String parent, String member, int i) {
        return Body.path(parent, member) + "[" + i + "]";
    }
}
