package nl.tweeling.feature;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.platform.security.Caller;

/**
 * A validated {@code PATCH /collections/{id}} body (JSON merge patch, RFC 7396): the members present change,
 * the others stay. Every member is checked before anything is written; a bad one is a 400 that names it.
 *
 * <pre>
 * {"title": "…", "description": "…", "keywords": ["…"], "licence": "CC-BY-4.0", "licenceUrl": "https://…",
 *  "attribution": "…", "access": "public|authenticated|ingest|planner|editor|admin",
 *  "restrictedProperties": {"residents": "planner", "other": null}}
 * </pre>
 * In {@code restrictedProperties} a property set to {@code null} (or {@code "public"}) is no longer restricted.
 */
public final class LayerPatch {

    static final Set<String> MEMBERS = Set.of("title", "description", "keywords", "licence", "license", "licenceUrl",
            "attribution", "access", "restrictedProperties");

    private final JsonNode body;

    private LayerPatch(JsonNode body) {
        this.body = body;
    }

    /** Checks {@code body} against {@code layer} (as stored, with every column). */
    public static LayerPatch parse(JsonNode body, Layer layer) {
        if (body == null || !body.isObject()) {
            throw TweelingException.badBody("Send a JSON object with the members to change: " + String.join(", ",
                    List.of("title", "description", "keywords", "licence", "licenceUrl", "attribution", "access",
                            "restrictedProperties")) + ".", List.of());
        }
        if (body.isEmpty()) {
            throw TweelingException.badBody("The patch changes nothing: give at least one member.", List.of());
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!MEMBERS.contains(name)) {
                errors.add(error(name, "unknown member; a layer has " + String.join(", ", List.of("title",
                        "description", "keywords", "licence", "licenceUrl", "attribution", "access",
                        "restrictedProperties"))));
            }
        }
        text(body, "title", 1, 200, errors);
        text(body, "description", 0, 10_000, errors);
        text(body, "licence", 1, 200, errors);
        text(body, "license", 1, 200, errors);
        text(body, "attribution", 0, 2_000, errors);
        if (body.has("licenceUrl") && !body.get("licenceUrl").isNull()) {
            JsonNode u = body.get("licenceUrl");
            boolean ok = u.isTextual() && u.asText().length() <= 2_000;
            if (ok) {
                try {
                    URI uri = URI.create(u.asText());
                    ok = uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                            && uri.getHost() != null;
                } catch (IllegalArgumentException e) {
                    ok = false;
                }
            }
            if (!ok) {
                errors.add(error("licenceUrl", "must be an absolute http(s) URL of the licence text, or null"));
            }
        }
        if (body.has("keywords")) {
            JsonNode k = body.get("keywords");
            boolean ok = k.isArray() && k.size() <= 50;
            if (ok) {
                for (JsonNode e : k) {
                    ok &= e.isTextual() && !e.asText().isBlank() && e.asText().length() <= 100;
                }
            }
            if (!ok) {
                errors.add(error("keywords", "must be an array of at most 50 non-empty strings of at most 100 characters"));
            }
        }
        if (body.has("access") && !(body.get("access").isTextual() && Caller.isLevel(body.get("access").asText()))) {
            errors.add(error("access", "must be public, authenticated, ingest, planner, editor or admin"));
        }
        if (body.has("restrictedProperties")) {
            JsonNode r = body.get("restrictedProperties");
            if (!r.isObject()) {
                errors.add(error("restrictedProperties", "must be an object: property → authenticated or a role (null"
                        + " lifts the restriction)"));
            } else {
                Set<String> columns = new java.util.HashSet<>();
                layer.columns().forEach(c -> columns.add(c.property()));
                for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!columns.contains(e.getKey())) {
                        errors.add(error("restrictedProperties." + e.getKey(), "layer " + layer.id()
                                + " has no property " + e.getKey()));
                    } else if (!e.getValue().isNull() && !(e.getValue().isTextual() && Caller.isLevel(e.getValue().asText()))) {
                        errors.add(error("restrictedProperties." + e.getKey(),
                                "must be authenticated, ingest, planner, editor, admin, or null to lift the restriction"));
                    }
                }
            }
        }
        if (body.has("licence") && body.has("license")) {
            errors.add(error("license", "give licence or license, not both"));
        }
        if (!errors.isEmpty()) {
            throw TweelingException.badBody("The patch was not applied: " + errors.get(0).get("name") + " "
                    + errors.get(0).get("reason") + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "")
                    + ".", errors);
        }
        return new LayerPatch(body);
    }

    /** The registry columns to set, with their new values (lists for text[], maps for jsonb). */
    Map<String, Object> columns(Layer layer) {
        Map<String, Object> set = new LinkedHashMap<>();
        if (body.has("title")) {
            set.put("title", body.get("title").asText().strip());
        }
        if (body.has("description")) {
            set.put("description", body.get("description").isNull() ? "" : body.get("description").asText());
        }
        if (body.has("keywords")) {
            List<String> k = new ArrayList<>();
            body.get("keywords").forEach(e -> k.add(e.asText().strip()));
            set.put("keywords", k);
        }
        for (String name : List.of("licence", "license")) {
            if (body.has(name)) {
                set.put("licence", body.get(name).asText().strip());
            }
        }
        if (body.has("licenceUrl")) {
            set.put("licence_url", body.get("licenceUrl").isNull() ? null : body.get("licenceUrl").asText());
        }
        if (body.has("attribution")) {
            set.put("attribution", body.get("attribution").isNull() ? "" : body.get("attribution").asText());
        }
        if (body.has("access")) {
            set.put("access", body.get("access").asText());
        }
        if (body.has("restrictedProperties")) {
            Map<String, String> r = new LinkedHashMap<>(layer.restricted());
            body.get("restrictedProperties").fields().forEachRemaining(e -> {
                if (e.getValue().isNull() || e.getValue().asText().equals(Layer.PUBLIC)) {
                    r.remove(e.getKey());
                } else {
                    r.put(e.getKey(), e.getValue().asText());
                }
            });
            set.put("restricted", r);
        }
        return set;
    }

    private static void text(JsonNode body, String name, int min, int max, List<Map<String, Object>> errors) {
        if (!body.has(name)) {
            return;
        }
        JsonNode v = body.get(name);
        if (v.isNull() && min == 0) {
            return;
        }
        if (!v.isTextual() || v.asText().strip().length() < min || v.asText().length() > max
                || v.asText().chars().anyMatch(ch -> ch == 0)) {
            errors.add(error(name, "must be a string of " + (min > 0 ? min + " to " : "at most ") + max + " characters"));
        }
    }

    private static Map<String, Object> error(String name, String reason) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("reason", reason);
        return e;
    }
}
