package nl.tweeling.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.api.Format;
import nl.tweeling.feature.api.Responses;
import nl.tweeling.platform.security.ApiKey;
import nl.tweeling.platform.security.ApiKeyFilter;
import nl.tweeling.platform.security.OptionalKey;
import nl.tweeling.platform.security.Role;

/**
 * Jobs as OGC API – Processes presents them: {@code /jobs} lists them, {@code /jobs/{id}} is a job's
 * statusInfo (status, progress, message, times, links to its results), {@code /jobs/{id}/results} what
 * it produced. A job is shown only to the API key that started it and to admin keys ({@link #visible}): without a
 * key the list is empty and a job is "not found", as for another key's job. {@code DELETE /jobs/{id}} dismisses a job (OGC API –
 * Processes, conformance class dismiss): see {@link DismissService} for what that does to a running and to a
 * finished job.
 */
@Path("/jobs")
@Tag(name = "Jobs")
public class JobResource {

    static final String RESULTS_REL = "http://www.opengis.net/def/rel/ogc/1.0/results";

    @Inject
    JobService jobs;

    @Inject
    DismissService dismissals;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    /** The parameters of {@code GET /jobs}; processID and status may be repeated or comma-separated. */
    static final java.util.Set<String> LIST_PARAMETERS = java.util.Set.of("limit", "offset", "type", "processID",
            "status", "datetime", "minDuration", "maxDuration", "f");
    private static final java.util.Set<String> STATUSES =
            java.util.Set.of(Job.ACCEPTED, Job.RUNNING, Job.SUCCESSFUL, Job.FAILED, Job.DISMISSED);
    private static final java.util.regex.Pattern KIND = java.util.regex.Pattern.compile("[a-z][a-z0-9:-]{0,80}");

    @GET
    @OptionalKey
    @Operation(summary = "The newest jobs first (imports, harvests, sample loads, process runs), as OGC API – Processes"
            + " statusInfo: those the caller's API key started, every job for an admin key, none without a key;"
            + " filters type, processID, status, datetime (creation), minDuration, maxDuration (seconds); limit and"
            + " offset page it (next links)")
    public Response list(@QueryParam("limit") String limit, @QueryParam("type") String kind,
            @QueryParam("f") String f, @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @Context ContainerRequestContext request) {
        for (var e : uri.getQueryParameters().entrySet()) {
            if (!LIST_PARAMETERS.contains(e.getKey())) {
                throw TweelingException.badParameter(e.getKey(), "Unknown parameter " + e.getKey()
                        + "; /jobs takes " + String.join(", ", new java.util.TreeSet<>(LIST_PARAMETERS)) + ".");
            }
            if (e.getValue().size() > 1 && !e.getKey().equals("processID") && !e.getKey().equals("status")) {
                throw TweelingException.badParameter(e.getKey(), e.getKey() + " may be given once.");
            }
        }
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        int n = 50;
        if (limit != null && !limit.isEmpty()) {
            if (!limit.matches("[0-9]{1,4}")) {
                throw TweelingException.badParameter("limit", "limit must be a whole number between 1 and 1000.");
            }
            n = Integer.parseInt(limit);
        }
        if (n < 1 || n > 1000) {
            throw TweelingException.badParameter("limit", "limit must be between 1 and 1000.");
        }
        String offsetText = uri.getQueryParameters().getFirst("offset");
        long offset = 0;
        if (offsetText != null) {
            if (!offsetText.matches("[0-9]{1,9}")) {
                throw TweelingException.badParameter("offset", "offset must be a whole number of 0 or more (the"
                        + " next link of a page gives it).");
            }
            offset = Long.parseLong(offsetText);
        }
        // type: "process" is every job (each is shown as a process job); another value is a kind (import, harvest…)
        java.util.Set<String> kinds = null;
        if (kind != null) {
            if (!KIND.matcher(kind).matches()) {
                throw TweelingException.badParameter("type", "type must be process or a job kind such as import or"
                        + " harvest.");
            }
            if (!kind.equals("process")) {
                kinds = new java.util.LinkedHashSet<>(List.of(kind));
            }
        }
        List<String> processIds = values("processID");
        if (!processIds.isEmpty()) {
            java.util.Set<String> byProcess = new java.util.LinkedHashSet<>();
            for (String p : processIds) {
                if (!KIND.matcher(p).matches()) {
                    throw TweelingException.badParameter("processID", "processID must be a process id (GET /processes"
                            + " lists them) or a job kind such as import.");
                }
                byProcess.add(Job.PROCESS_PREFIX + p);
                byProcess.add(p);
            }
            if (kinds == null) {
                kinds = byProcess;
            } else {
                kinds.retainAll(byProcess);
                if (kinds.isEmpty()) {
                    kinds.add("-");   // the filters exclude each other: nothing matches
                }
            }
        }
        List<String> statuses = values("status");
        for (String st : statuses) {
            if (!STATUSES.contains(st)) {
                throw TweelingException.badParameter("status", "status must be one or more of accepted, running,"
                        + " successful, failed, dismissed.");
            }
        }
        nl.tweeling.common.time.TimeInterval created = nl.tweeling.common.time.TimeInterval.parse("datetime",
                uri.getQueryParameters().getFirst("datetime"));
        Double minDuration = seconds("minDuration");
        Double maxDuration = seconds("maxDuration");
        Optional<ApiKey> key = ApiKeyFilter.caller(request);
        List<Job> found = key.isEmpty() ? List.of()
                : jobs.search(key.get().allows(Role.ADMIN) ? null : key.get().name(),
                        kinds == null ? List.of() : List.copyOf(kinds), statuses, created.start(), created.end(),
                        minDuration, maxDuration, n, offset);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Job job : found) {
            out.add(statusInfo(job, base()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", out);
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(link(uri.getRequestUri().toString(), "self", "The jobs"));
        if (found.size() == n) {
            links.add(link(uri.getRequestUriBuilder().replaceQueryParam("offset", offset + n).build().toString(),
                    "next", "The next page of jobs"));
        }
        body.put("links", links);
        return answer(format, body, "Jobs", "jobs", "Jobs");
    }

    /** A list parameter's values: repeated and/or comma-separated. */
    private List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (String v : uri.getQueryParameters().getOrDefault(name, List.of())) {
            for (String part : v.split(",", -1)) {
                if (part.isBlank()) {
                    throw TweelingException.badParameter(name, name + " has an empty value.");
                }
                out.add(part.strip());
            }
        }
        return out;
    }

    private Double seconds(String name) {
        String v = uri.getQueryParameters().getFirst(name);
        if (v == null) {
            return null;
        }
        if (!v.matches("[0-9]{1,9}")) {
            throw TweelingException.badParameter(name, name + " must be a whole number of seconds, 0 or more.");
        }
        return Double.valueOf(v);
    }

    private Response answer(Format format, Object body, String title, String rows, String... crumbs) {
        return Responses.resource(format, uri, json, body, title, rows, crumbs);
    }

    @GET
    @Path("/{jobId}")
    @OptionalKey
    @Operation(summary = "A job's status, progress and links (OGC API – Processes statusInfo); for the API key that"
            + " started it and admin keys")
    public Response get(@PathParam("jobId") String id, @QueryParam("f") String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept, @Context ContainerRequestContext request) {
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        return answer(format, statusInfo(findVisible(id, request), base()), "Job " + id, null, "Jobs", id);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Path("/{jobId}/results")
    @OptionalKey
    @Operation(summary = "What a successful job produced (for an import: its report); for the API key that started"
            + " it and admin keys")
    public Map<String, Object> results(@PathParam("jobId") String id, @Context ContainerRequestContext request) {
        Job job = findVisible(id, request);
        if (!Job.SUCCESSFUL.equals(job.status)) {
            throw new TweelingException(404, "Not found", "Job " + id + " has no results: it is " + job.status
                    + (job.message == null ? "" : " (" + job.message + ")") + ".", null, null);
        }
        return job.process() ? processResults(job, base()) : job.results;
    }

    /**
     * The results document of a job; for a process job as OGC API – Processes has it ("results"): each output by id,
     * a result layer as a reference to its items, a literal output as its value.
     */
    public static Map<String, Object> results(Job job, String base) {
        return job.process() ? processResults(job, base) : job.results;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> processResults(Job job, String base) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Object layers = job.results.get("layers");
        if (layers instanceof Map<?, ?> m) {
            for (var e : ((Map<String, Object>) m).entrySet()) {
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("href", base + "collections/" + e.getValue() + "/items");
                ref.put("type", "application/geo+json");
                ref.put("title", "Result layer " + e.getValue() + " (also as tiles: " + base + "collections/"
                        + e.getValue() + "/tiles)");
                doc.put(e.getKey(), ref);
            }
        }
        Object outputs = job.results.get("outputs");
        if (outputs instanceof Map<?, ?> m) {
            doc.putAll((Map<String, Object>) m);
        }
        return doc;
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @Path("/{jobId}")
    @OptionalKey
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Dismiss a job: an accepted or running one stops and changes nothing (status dismissed);"
            + " a finished process job is deleted with its result layers (status dismissed); another finished job"
            + " is kept (409); needs an admin key or the key that started the job")
    public Map<String, Object> dismiss(@PathParam("jobId") String id, @Context ContainerRequestContext request) {
        ApiKey key = ApiKeyFilter.caller(request).orElseThrow(() -> TweelingException.unauthorized("Dismissing a job"
                + " needs the API key that started it or an admin key: send it as 'Authorization: Bearer <key>' or"
                + " 'X-API-Key: <key>'."));
        Job job = find(id);
        if (!key.allows(Role.ADMIN) && !key.name().equals(job.createdBy)) {
            throw TweelingException.forbidden("API key " + key.name() + " did not start job " + id
                    + ": only that key or an admin key can dismiss it.");
        }
        return statusInfo(dismissals.dismiss(job, key.name()), base());
    }

    /**
     * Whether {@code key} may see {@code job}: an admin key, or the key that started it (jobs record the key's name
     * in {@code created_by}). Nobody without a key.
     */
    public static boolean visible(Job job, Optional<ApiKey> key) {
        return key.isPresent() && (key.get().allows(Role.ADMIN) || key.get().name().equals(job.createdBy));
    }

    /** A job the caller may see; another's is "not found", like one that does not exist. */
    private Job findVisible(String id, ContainerRequestContext request) {
        Job job = find(id);
        if (!visible(job, ApiKeyFilter.caller(request))) {
            throw TweelingException.notFound("There is no job " + id + " (GET /jobs lists the jobs of your API key).");
        }
        return job;
    }

    private Job find(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw TweelingException.notFound("There is no job " + id + " (job ids are UUIDs; GET /jobs lists them).");
        }
        return jobs.find(uuid).orElseThrow(() -> TweelingException.notFound("There is no job " + id + "."));
    }

    private String base() {
        return uri.getBaseUri().toString();
    }

    /** A job in the statusInfo shape of OGC API – Processes (Part 1, Core). */
    public static Map<String, Object> statusInfo(Job job, String base) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("jobID", job.id.toString());
        s.put("type", "process");
        s.put("processID", job.processId());
        s.put("status", job.status);
        if (job.message != null) {
            s.put("message", job.message);
        }
        s.put("created", job.createdAt);
        if (job.startedAt != null) {
            s.put("started", job.startedAt);
        }
        if (job.finishedAt != null) {
            s.put("finished", job.finishedAt);
        }
        s.put("updated", job.updatedAt);
        s.put("progress", job.progress);
        s.put("inputs", job.inputs);
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(link(base + "jobs/" + job.id, "self", "This job"));
        if (Job.SUCCESSFUL.equals(job.status)) {
            links.add(link(base + "jobs/" + job.id + "/results", RESULTS_REL, "The job's results"));
        }
        if (job.process()) {
            links.add(link(base + "processes/" + job.processId(), "http://www.opengis.net/def/rel/ogc/1.0/process",
                    "The process the job runs"));
            if (Job.SUCCESSFUL.equals(job.status) && job.results.get("layers") instanceof Map<?, ?> layers) {
                for (Object layer : layers.values()) {
                    links.add(link(base + "collections/" + layer, "http://www.opengis.net/def/rel/ogc/1.0/data",
                            "Result layer " + layer + " as an OGC API collection"));
                }
            }
        }
        if ("import".equals(job.kind)) {
            links.add(link(base + "imports/" + job.id, "related", "The import's report"));
            if (Job.SUCCESSFUL.equals(job.status) && job.inputs.get("layer") != null) {
                links.add(link(base + "collections/" + job.inputs.get("layer"), "http://www.opengis.net/def/rel/ogc/1.0/data",
                        "The layer as an OGC API collection"));
            }
        }
        s.put("links", links);
        return s;
    }

    static Map<String, Object> link(String href, String rel, String title) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("href", href);
        l.put("rel", rel);
        l.put("type", MediaType.APPLICATION_JSON);
        l.put("title", title);
        return l;
    }
}
