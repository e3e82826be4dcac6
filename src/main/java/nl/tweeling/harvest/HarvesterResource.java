package nl.tweeling.harvest;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.api.Format;
import nl.tweeling.feature.api.Responses;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobResource;
import nl.tweeling.job.JobService;
import nl.tweeling.platform.outbound.Urls;
import nl.tweeling.platform.security.ApiKey;
import nl.tweeling.platform.security.ApiKeyFilter;
import nl.tweeling.platform.security.OptionalKey;
import nl.tweeling.platform.security.RequiresRole;
import nl.tweeling.platform.security.Role;

/** Harvesters: list, register, change and remove (admin), inspect with their last runs, run now (admin). docs/harvest.md. */
@Path("/harvesters")
@Tag(name = "Harvest")
@Produces(MediaType.APPLICATION_JSON)
public class HarvesterResource {

    @Inject
    HarvesterRegistry registry;

    @Inject
    HarvestRunner runner;

    @Inject
    HarvestRepository repository;

    @Inject
    JobService jobs;

    @Inject
    ObjectMapper json;

    @Inject
    HarvesterTypes types;

    @Context
    UriInfo uri;

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    @Operation(summary = "Every harvester, from the configuration file and the API (JSON, or HTML with f=html)")
    public Response list(@QueryParam("f") String f, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        List<Map<String, Object>> out = new ArrayList<>();
        for (HarvesterDefinition h : registry.all()) {
            out.add(view(h));
        }
        return answer(format, Map.of("harvesters", out), "Harvesters", "harvesters", "Harvesters");
    }

    private Response answer(Format format, Object body, String title, String rows, String... crumbs) {
        return Responses.resource(format, uri, json, body, title, rows, crumbs);
    }

    @GET
    @Path("/{id}")
    @OptionalKey
    @Operation(summary = "One harvester with its last ten runs (jobs), newest first; runs are shown to the API key"
            + " that started them and to admin keys")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Response get(@PathParam("id") String id, @QueryParam("f") String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept, @Context ContainerRequestContext request) {
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        HarvesterDefinition h = registry.find(id).orElseThrow(() -> TweelingException.notFound("no harvester " + id));
        Map<String, Object> out = view(h);
        List<Map<String, Object>> runs = new ArrayList<>();
        var key = ApiKeyFilter.caller(request);
        for (UUID run : repository.runs(id, 10)) {
            jobs.find(run).filter(j -> JobResource.visible(j, key)).ifPresent(j -> runs.add(run(j)));
        }
        out.put("runs", runs);
        return answer(format, out, "Harvester " + id, "runs", "Harvesters", id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.ADMIN)
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Register a harvester (id, type, url, every, options); needs role admin")
    public Response add(String body, @Context ContainerRequestContext request) {
        HarvesterDefinition h = checked(readBody(body));
        if (!registry.add(h, caller(request))) {
            throw new TweelingException(409, "Conflict", "a harvester with id " + h.id() + " exists already", null, null);
        }
        return Response.created(URI.create("/harvesters/" + h.id())).entity(view(h)).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.ADMIN)
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Replace a harvester's definition (type, url, every, options; the id stays); a secret option"
            + " sent as \"***\" keeps its stored value; needs role admin")
    public Map<String, Object> replace(@PathParam("id") String id, String body) {
        HarvesterDefinition old = registry.find(id).orElseThrow(() -> TweelingException.notFound("no harvester " + id));
        if (registry.configured(id)) {
            throw fromFile(id, "changed");
        }
        JsonNode node = readBody(body);
        if (node instanceof ObjectNode o) {
            JsonNode given = o.get("id");
            if (given == null || given.isNull()) {
                o.put("id", id);
            } else if (!given.isTextual() || !given.asText().equals(id)) {
                throw new TweelingException(400, "Invalid request body", "the body's id " + given + " is not the id in the path ("
                        + id + "); a harvester's id cannot change: add a new one and remove this one", "id", null);
            }
            keepSecrets(o, old);
        }
        HarvesterDefinition h = checked(node);
        if (!registry.replace(h)) {
            throw TweelingException.notFound("no harvester " + id);
        }
        return view(h);
    }

    @DELETE
    @Path("/{id}")
    @RequiresRole(Role.ADMIN)
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Remove a harvester (409 while a run of it is going); its past jobs stay; needs role admin")
    public Response remove(@PathParam("id") String id) {
        registry.find(id).orElseThrow(() -> TweelingException.notFound("no harvester " + id));
        return switch (registry.remove(id)) {
            case REMOVED -> Response.noContent().build();
            case UNKNOWN -> throw TweelingException.notFound("no harvester " + id);
            case CONFIGURED -> throw fromFile(id, "removed");
            case RUNNING -> throw TweelingException.conflict("harvester " + id + " is running; wait for its job to"
                    + " finish (or dismiss it with DELETE /jobs/{jobId}) and remove it then");
        };
    }

    @POST
    @Path("/{id}/run")
    @RequiresRole(Role.ADMIN)
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Run a harvester now; answers 202 with the run's job id; needs role admin")
    public Response run(@PathParam("id") String id, @Context ContainerRequestContext request) {
        HarvesterDefinition h = registry.find(id).orElseThrow(() -> TweelingException.notFound("no harvester " + id));
        UUID job = runner.start(h, caller(request));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobID", job.toString());
        out.put("status", Job.RUNNING);
        out.put("links", List.of(Map.of("rel", "monitor", "href", "/jobs/" + job),
                Map.of("rel", "up", "href", "/harvesters/" + id)));
        return Response.accepted(out).location(URI.create("/jobs/" + job)).build();
    }

    private JsonNode readBody(String body) {
        try {
            return json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw TweelingException.badBody("the body is not JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")", null);
        }
    }

    /** A definition from a request body, checked as POST and PUT check it (a 400 naming what is wrong). */
    private HarvesterDefinition checked(JsonNode node) {
        try {
            HarvesterDefinition h = registry.parse(node, "api");
            // the outbound policy on the URLs' addresses, now (every fetch checks them again)
            types.policyCheck(h, true);
            return h;
        } catch (RefusedUrlException e) {
            throw new TweelingException(400, "Invalid request body", e.getMessage(), e.parameter(), null);
        } catch (IllegalArgumentException | HarvestException e) {
            throw TweelingException.badBody(e.getMessage(), null);
        }
    }

    /**
     * A secret option sent back as shown ({@code "***"}) keeps the stored value, so a client can PUT what it got
     * from GET with one member changed. {@code "***"} for a secret that is not stored is refused.
     */
    private static void keepSecrets(ObjectNode body, HarvesterDefinition old) {
        if (!(body.get("options") instanceof ObjectNode options)) {
            return;
        }
        for (String name : HarvestCredentials.SECRET) {
            JsonNode v = options.get(name);
            if (v != null && v.isTextual() && HarvestCredentials.HIDDEN.equals(v.asText())) {
                if (!old.options().containsKey(name)) {
                    throw new TweelingException(400, "Invalid request body", "options." + name + " is \"***\", which"
                            + " keeps a stored secret, but harvester " + old.id() + " has none: send the value", "options." + name, null);
                }
                options.putPOJO(name, old.options().get(name));
            }
        }
    }

    private static TweelingException fromFile(String id, String what) {
        return TweelingException.conflict("harvester " + id + " is defined in the configuration file"
                + " (tweeling.harvest.config) and cannot be " + what + " through the API; change the file and restart");
    }

    /** The name of the API key that made the request (jobs and harvesters record who started them). */
    private static String caller(ContainerRequestContext request) {
        Object key = request.getProperty(ApiKeyFilter.PROPERTY);
        return key instanceof ApiKey k ? k.name() : "api";
    }

    private static Map<String, Object> view(HarvesterDefinition h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", h.id());
        out.put("type", h.type());
        out.put("url", Urls.redact(h.url()));
        out.put("every", h.every() == null ? null : h.every().toString());
        // secret options (credentials) are stored but never shown (HarvestCredentials)
        out.put("options", HarvestCredentials.shown(h.options()));
        out.put("origin", h.origin());
        out.put("links", List.of(Map.of("rel", "self", "href", "/harvesters/" + h.id())));
        return out;
    }

    private static Map<String, Object> run(Job j) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobID", j.id.toString());
        out.put("status", j.status);
        out.put("progress", j.progress);
        out.put("message", j.message);
        out.put("created", j.createdAt == null ? null : j.createdAt.toString());
        out.put("finished", j.finishedAt == null ? null : j.finishedAt.toString());
        out.put("results", j.results);
        return out;
    }
}
