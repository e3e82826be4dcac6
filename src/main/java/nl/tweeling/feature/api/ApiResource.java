package nl.tweeling.feature.api;

import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.platform.security.CurrentCaller;
import nl.tweeling.feature.html.HtmlPages;
import nl.tweeling.platform.TweelingConfig;

/**
 * {@code GET /api}: the OpenAPI 3.0 definition of this API, built per request from the layer registry so that
 * every collection has its own paths ({@link OpenApiDocument}). JSON by default (media type
 * {@value Format#OPENAPI_MEDIA_TYPE}); {@code f=html} gives a page listing its operations, with a link to
 * Swagger UI (which shows the annotation-scanned document at /q/openapi).
 */
@Path("/api")
@Tag(name = "Capabilities")
public class ApiResource {

    public static final String TITLE = "Tweeling API";
    public static final String DESCRIPTION = "Digital twin of Zwolle: spatial layers as OGC API – Features "
            + "collections (GeoJSON, CQL2 filters, CRSs), sensor datastreams and observation ingestion.";
    /** Swagger UI, opened on this document. */
    static final String SWAGGER_UI = "q/swagger-ui/";

    @Inject
    LayerRegistry registry;

    @Inject
    TweelingConfig config;

    @Inject
    CurrentCaller caller;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0")
    String version;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "This API definition (OpenAPI 3.0), or an HTML page leading to Swagger UI")
    public Response api(@QueryParam(Format.PARAMETER) String f, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Format format = Format.choose(f, accept, Format.OPENAPI, Format.HTML);
        String base = uri.getBaseUri().toString();
        String server = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        Map<String, Object> doc = OpenApiDocument.build(new OpenApiDocument.Settings(TITLE, DESCRIPTION, version,
                server, config.features().defaultLimit(), config.features().maxLimit(), CrsChoice.URIS),
                registry.visible(caller.get()));
        if (format == Format.HTML) {
            return Responses.ok(format, HtmlPages.api(TITLE, base, base + SWAGGER_UI,
                    OpenApiDocument.operations(doc)));
        }
        return Responses.json(format, json, doc);
    }
}
