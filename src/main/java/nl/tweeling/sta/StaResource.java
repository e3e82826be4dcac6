package nl.tweeling.sta;

import org.eclipse.microprofile.openapi.annotations.Operation;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.sta.query.QueryOptions;

/**
 * OGC SensorThings API 1.1 at {@code /sta/v1.1} and the same at {@code /sta/v1.0}: reading, filtering and
 * dataArray over the sensor model (docs/sensors.md). Public, like /datastreams. Described in docs/sensors.md
 * rather than /api, since its paths ({@code Things(1)/Datastreams}) are OData's, not OpenAPI templates.
 */
@Path("/sta/{version: v1\\.[01]}")
public class StaResource {

    /** Set on a page whose $top was above the maximum: the maximum it was cut to. */
    public static final String CAPPED = "Tweeling-Top-Capped";

    @Inject
    StaService service;

    @Inject
    TweelingConfig config;

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

    /** The root as the request reached it: scheme, host and port of the request, so links lead back to this server. */
    private String rootUrl(String version) {
        String base = uri.getBaseUri().toString();
        return (base.endsWith("/") ? base : base + "/") + "sta/" + version;
    }
}
