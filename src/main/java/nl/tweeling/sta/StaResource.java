package nl.tweeling.sta;

import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.platform.security.RequiresRole;
import nl.tweeling.platform.security.Role;
import nl.tweeling.sta.query.QueryOptions;
import nl.tweeling.sta.write.StaWriteService;

/**
 * OGC SensorThings API 1.1 at {@code /sta/v1.1} and the same at {@code /sta/v1.0}: reading, filtering and
 * dataArray over the sensor model (docs/sensors.md), public like /datastreams; and create, update and delete
 * (POST, PATCH, DELETE, CreateObservations: {@link StaWriteService}), which need role {@code ingest}. Described
 * in docs/sensors.md rather than /api, since its paths ({@code Things(1)/Datastreams}) are OData's, not OpenAPI
 * templates.
 */
@Path("/sta/{version: v1\\.[01]}")
public class StaResource {

    /** Set on a page whose $top was above the maximum: the maximum it was cut to. */
    public static final String CAPPED = "Tweeling-Top-Capped";

    @Inject
    StaService service;

    /** On a write that stored a Location outside the service area (policy flag): one per such Location. */
    public static final String SERVICE_AREA = "Tweeling-Service-Area";

    @Inject
    TweelingConfig config;

    @Inject
    StaWriteService writes;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @GET
    @Operation(hidden = true)
    public Response root(@PathParam("version") String version) {
        QueryOptions.of(QueryOptions.parameters(uri.getRequestUri().getRawQuery()));
        return Response.ok(service.rootDocument(rootUrl(version), version.equals("v1.1")), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{path: .+}")
    @Operation(hidden = true)
    public Response resource(@PathParam("version") String version, @PathParam("path") String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.isEmpty()) {
            return root(version);
        }
        StaService.Answer a = service.get(rootUrl(version), p, QueryOptions.of(QueryOptions.parameters(uri.getRequestUri().getRawQuery())));
        Response.ResponseBuilder r = Response.ok(a.body(), a.plainText() ? MediaType.TEXT_PLAIN + ";charset=UTF-8"
                : MediaType.APPLICATION_JSON);
        if (a.capped()) {
            r.header(CAPPED, config.sta().maxTop());
        }
        return r.build();
    }

    /**
     * Creates an entity (with what it holds inline) in an entity set or a navigation collection
     * ({@code Things(1)/Datastreams}); 201 with the new entity and its self link as Location. On
     * {@code CreateObservations}: 201 with one self link (or "error") per row.
     */
    @POST
    @Path("/{path: .+}")
    @RequiresRole(Role.INGEST)
    @Operation(hidden = true)
    public Response create(@PathParam("version") String version, @PathParam("path") String path,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        json(contentType, "POST");
        String root = rootUrl(version);
        if (path.equals("CreateObservations")) {
            List<StaWriteService.Row> rows = writes.createObservations(body);
            ArrayNode answer = json.createArrayNode();
            long errors = 0;
            for (StaWriteService.Row row : rows) {
                if (row.id() != null) {
                    answer.add(root + "/Observations(" + row.id() + ")");
                } else {
                    answer.add("error");
                    errors++;
                }
            }
            Response.ResponseBuilder r = Response.status(201).entity(answer.toString()).type(MediaType.APPLICATION_JSON);
            if (errors > 0) {
                r.header(ROWS_REFUSED, errors);
            }
            return r.build();
        }
        StaWriteService.Outcome o = writes.create(strip(path), body);
        String self = StaService.link(root, o.type(), o.id());
        return entity(Response.status(201).header(HttpHeaders.LOCATION, self), root, o).build();
    }

    /** On CreateObservations: how many rows were answered "error" (their reasons are logged). */
    public static final String ROWS_REFUSED = "Tweeling-Rows-Refused";

    /** Changes the members given of one entity (JSON merge: absent members stay); 200 with the entity. */
    @PATCH
    @Path("/{path: .+}")
    @RequiresRole(Role.INGEST)
    @Operation(hidden = true)
    public Response patch(@PathParam("version") String version, @PathParam("path") String path,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        json(contentType, "PATCH");
        StaWriteService.Outcome o = writes.patch(strip(path), body);
        return entity(Response.ok(), rootUrl(version), o).build();
    }

    /** Deletes one entity and what the standard deletes with it; 200 with no body (as the standard says). */
    @DELETE
    @Path("/{path: .+}")
    @RequiresRole(Role.INGEST)
    @Operation(hidden = true)
    public Response delete(@PathParam("path") String path) {
        writes.delete(strip(path));
        return Response.ok().build();
    }

    private Response.ResponseBuilder entity(Response.ResponseBuilder r, String root, StaWriteService.Outcome o) {
        StaService.Answer a = service.get(root, o.type().setName() + "(" + o.id() + ")", QueryOptions.empty());
        r.entity(a.body()).type(MediaType.APPLICATION_JSON);
        for (String flag : o.serviceArea()) {
            r.header(SERVICE_AREA, flag);
        }
        return r;
    }

    /** Bodies are JSON: another declared media type (JSON Patch among them) is a 415. */
    private static void json(String contentType, String method) {
        if (contentType == null) {
            return;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (type.equals("application/json") || type.equals("application/merge-patch+json")) {
            return;
        }
        String shown = contentType.length() > 60 ? contentType.substring(0, 60) + "…" : contentType;
        throw new TweelingException(415, "Unsupported media type", method + " takes application/json"
                + (method.equals("PATCH") ? " (or application/merge-patch+json; JSON Patch is not supported)" : "")
                + ", not " + shown + ".", null, null);
    }

    private static String strip(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The root as the request reached it: scheme, host and port of the request, so links lead back to this server. */
    private String rootUrl(String version) {
        String base = uri.getBaseUri().toString();
        return (base.endsWith("/") ? base : base + "/") + "sta/" + version;
    }
}
