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

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobResource;
import nl.tweeling.job.JobService;
import nl.tweeling.platform.outbound.Urls;
import nl.tweeling.platform.security.ApiKey;
import nl.tweeling.platform.security.ApiKeyFilter;
import nl.tweeling.platform.security.OptionalKey;
import nl.tweeling.platform.security.RequiresRole;
import nl.tweeling.platform.security.Role;

/** Harvesters: list, register (admin), inspect with their last runs, run now (admin). docs/harvest.md. */
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

    @GET
    @Operation(summary = "Every harvester, from the configuration file and the API")
    public Map<String, Object> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HarvesterDefinition h : registry.all()) {
            out.add(view(h));
        }
        return Map.of("harvesters", out);
    }

    @GET
    @Path("/{id}")
    @OptionalKey
    @Operation(summary = "One harvester with its last ten runs (jobs), newest first; runs are shown to the API key"
            + " that started them and to admin keys")
    public Map<String, Object> get(@PathParam("id") String id, @Context ContainerRequestContext request) {
        HarvesterDefinition h = registry.find(id).orElseThrow(() -> TweelingException.notFound("no harvester " + id));
        Map<String, Object> out = view(h);
        List<Map<String, Object>> runs = new ArrayList<>();
        var key = ApiKeyFilter.caller(request);
        for (UUID run : repository.runs(id, 10)) {
            jobs.find(run).filter(j -> JobResource.visible(j, key)).ifPresent(j -> runs.add(run(j)));
        }
        out.put("runs", runs);
        return out;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.ADMIN)
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Register a harvester (id, type, url, every, options); needs role admin")
    public Response add(String body, @Context ContainerRequestContext request) {
        JsonNode node;
        try {
            node = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw TweelingException.badBody("the body is not JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")", null);
        }
        HarvesterDefinition h;
        try {
            h = registry.parse(node, "api");
            // the outbound policy on the URLs' addresses, now (every fetch checks them again)
            types.policyCheck(h, true);
        } catch (RefusedUrlException e) {
            throw new TweelingException(400, "Invalid request body", e.getMessage(), e.parameter(), null);
        } catch (IllegalArgumentException | HarvestException e) {
            throw TweelingException.badBody(e.getMessage(), null);
        }
        if (!registry.add(h, caller(request))) {
            throw new TweelingException(409, "Conflict", "a harvester with id " + h.id() + " exists already", null, null);
        }
        return Response.created(URI.create("/harvesters/" + h.id())).entity(view(h)).build();
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
