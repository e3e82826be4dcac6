package nl.tweeling.scenario;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.CollectionsResource;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.platform.security.CurrentCaller;
import nl.tweeling.platform.security.RequiresRole;
import nl.tweeling.platform.security.Role;

/**
 * Scenarios (docs/scenarios.md): make, list, read, change and remove them, their revisions, revert and adopt.
 * Planners work on their own scenarios, read shared ones; admins every one. Their features are served by
 * {@link ScenarioCollectionsResource}. Thin: {@link ScenarioService} decides and writes.
 */
@Path("/scenarios")
@Tag(name = "Scenarios")
@RequiresRole(Role.PLANNER)
@Produces(MediaType.APPLICATION_JSON)
public class ScenariosResource {

    @Inject
    ScenarioService scenarios;

    @Inject
    ScenarioRepository repository;

    @Inject
    LayerRegistry registry;

    @Inject
    CurrentCaller caller;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a scenario: {name, description?, visibility? (private|shared), base? (live or an RFC 3339"
            + " instant)}")
    public Response create(String body) {
        JsonNode node = object(body);
        String name = text(node, "name", true);
        if (name.isBlank() || name.length() > 200) {
            throw TweelingException.badBody("name must be 1 to 200 characters.", List.of());
        }
        String description = text(node, "description", false);
        String visibility = visibility(node);
        OffsetDateTime baseAt = base(node);
        Scenario s = scenarios.create(name, description == null ? "" : description,
                visibility == null ? Scenario.PRIVATE : visibility, baseAt, caller.get());
        return Response.created(uri.getBaseUriBuilder().path("scenarios").path(Long.toString(s.id())).build())
                .entity(write(describe(s, true))).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Operation(summary = "The scenarios the caller sees: its own and the shared ones (admins: all)")
    public Response list() {
        List<Object> out = new ArrayList<>();
        for (Scenario s : scenarios.list(caller.get())) {
            out.add(describe(s, false));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scenarios", out);
        body.put("links", List.of(CollectionsResource.link(base() + "scenarios", "self", MediaType.APPLICATION_JSON,
                "The scenarios")));
        return Response.ok(write(body), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{scenarioId}")
    @Operation(summary = "One scenario: its base, current revision, the layers it edited (and whether they still exist)")
    public Response one(@PathParam("scenarioId") String scenarioId) {
        return Response.ok(write(describe(scenarios.readable(id(scenarioId), caller.get()), true)),
                MediaType.APPLICATION_JSON).build();
    }

    @PATCH
    @Path("/{scenarioId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change a scenario's name, description or visibility (owner or admin)")
    public Response patch(@PathParam("scenarioId") String scenarioId, String body) {
        JsonNode node = object(body);
        node.fieldNames().forEachRemaining(f -> {
            if (!List.of("name", "description", "visibility").contains(f)) {
                throw TweelingException.badBody("A scenario's " + f + " cannot be changed; name, description and"
                        + " visibility can.", List.of());
            }
        });
        String name = text(node, "name", false);
        if (name != null && (name.isBlank() || name.length() > 200)) {
            throw TweelingException.badBody("name must be 1 to 200 characters.", List.of());
        }
        Scenario s = scenarios.update(id(scenarioId), name, text(node, "description", false), visibility(node),
                caller.get());
        return Response.ok(write(describe(s, true)), MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("/{scenarioId}")
    @Operation(summary = "Remove a scenario with its revisions and edits (owner or admin); the baseline is untouched")
    public Response delete(@PathParam("scenarioId") String scenarioId) {
        scenarios.delete(id(scenarioId), caller.get());
        return Response.noContent().build();
    }

    @GET
    @Path("/{scenarioId}/revisions")
    @Operation(summary = "The revisions of a scenario, oldest first (each edit or revert is one)")
    public Response revisions(@PathParam("scenarioId") String scenarioId) {
        Scenario s = scenarios.readable(id(scenarioId), caller.get());
        List<Object> out = new ArrayList<>();
        for (ScenarioRepository.Revision r : repository.revisions(s.id())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("revision", r.number());
            m.put("created", r.createdAt().toInstant().toString());
            m.put("by", r.createdBy());
            m.put("message", r.message());
            m.put("collections", base() + "scenarios/" + s.id() + "/collections?revision=" + r.number());
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scenario", s.id());
        body.put("revision", s.revision());
        body.put("revisions", out);
        return Response.ok(write(body), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/{scenarioId}/revert")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a new revision with the state of an earlier one: {revision} (owner or admin)")
    public Response revert(@PathParam("scenarioId") String scenarioId, String body) {
        JsonNode node = object(body);
        JsonNode r = node.get("revision");
        if (r == null || !r.isIntegralNumber() || !r.canConvertToInt()) {
            throw TweelingException.badBody("The body is {\"revision\": N}, N a revision of the scenario"
                    + " (GET its revisions).", List.of());
        }
        long id = id(scenarioId);
        scenarios.revert(id, r.asInt(), caller.get());
        return Response.ok(write(describe(scenarios.readable(id, caller.get()), true)), MediaType.APPLICATION_JSON)
                .build();
    }

    @POST
    @Path("/{scenarioId}/adopt")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Apply a scenario's edits to the baseline as new versions (admin); 409 listing the features"
            + " the baseline changed since the scenario's base")
    public Response adopt(@PathParam("scenarioId") String scenarioId) {
        Scenario s = scenarios.adopt(id(scenarioId), caller.get());
        return Response.ok(write(describe(s, true)), MediaType.APPLICATION_JSON).build();
    }

    // ------------------------------------------------------------------ helpers

    static long id(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw TweelingException.notFound("There is no scenario " + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                + "; scenario ids are whole numbers (GET /scenarios lists them).");
    }

    private Map<String, Object> describe(Scenario s, boolean layers) {
        String self = base() + "scenarios/" + s.id();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("description", s.description());
        m.put("owner", s.owner());
        m.put("visibility", s.visibility());
        m.put("base", s.baseAt() == null ? "live" : s.baseAt().toInstant().toString());
        m.put("created", s.createdAt().toInstant().toString());
        m.put("revision", s.revision());
        if (s.adoptedAt() != null) {
            m.put("adopted", s.adoptedAt().toInstant().toString());
            m.put("adoptedBy", s.adoptedBy());
        }
        if (layers) {
            List<Object> edited = new ArrayList<>();
            for (ScenarioRepository.EditedLayer l : repository.editedLayers(s.id())) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("collection", l.layerId());
                e.put("firstRevision", l.firstRevision());
                boolean removed = registry.find(l.layerId()).isEmpty();
                e.put("removedFromBaseline", removed);
                edited.add(e);
            }
            m.put("editedCollections", edited);
        }
        m.put("links", List.of(
                CollectionsResource.link(self, "self", MediaType.APPLICATION_JSON, s.name()),
                CollectionsResource.link(self + "/collections", "data", MediaType.APPLICATION_JSON,
                        "The collections as this scenario makes them"),
                CollectionsResource.link(self + "/revisions", "version-history", MediaType.APPLICATION_JSON,
                        "The revisions")));
        return m;
    }

    private JsonNode object(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw TweelingException.badBody("The body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ").", List.of());
        }
        if (node == null || !node.isObject()) {
            throw TweelingException.badBody("The body must be a JSON object.", List.of());
        }
        return node;
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw TweelingException.badBody(field + " is required.", List.of());
            }
            return null;
        }
        if (!v.isTextual()) {
            throw TweelingException.badBody(field + " must be a string.", List.of());
        }
        return v.asText();
    }

    private static String visibility(JsonNode node) {
        String v = text(node, "visibility", false);
        if (v != null && !v.equals(Scenario.PRIVATE) && !v.equals(Scenario.SHARED)) {
            throw TweelingException.badBody("visibility is private (the owner and admins) or shared (every planner"
                    + " reads it).", List.of());
        }
        return v;
    }

    private static OffsetDateTime base(JsonNode node) {
        String b = text(node, "base", false);
        if (b == null || b.equals("live")) {
            return null;
        }
        try {
            OffsetDateTime at = OffsetDateTime.parse(b);
            if (at.isAfter(OffsetDateTime.now())) {
                throw TweelingException.badBody("base " + b + " lies in the future: give live or a past instant.",
                        List.of());
            }
            return at;
        } catch (DateTimeParseException e) {
            throw TweelingException.badBody("base is live or an RFC 3339 instant such as 2026-01-01T00:00:00Z.",
                    List.of());
        }
    }

    private String base() {
        return uri.getBaseUri().toString();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
