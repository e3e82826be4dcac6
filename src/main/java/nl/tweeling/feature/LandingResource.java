package nl.tweeling.feature;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.feature.api.Format;
import nl.tweeling.feature.api.Link;
import nl.tweeling.feature.html.HtmlPages;

/** The landing page (OGC API – Features Part 1, clause 7.2): where everything else is, as JSON or HTML. */
@Path("/")
@Tag(name = "Capabilities")
public class LandingResource {

    public static final String TITLE = "Tweeling";
    public static final String DESCRIPTION =
            "Digital twin of Zwolle: spatial layers, sensors and ingestion.";

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "Landing page with links to the API definition, conformance and collections")
    public Response landing(@QueryParam(Format.PARAMETER) String f, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        String base = uri.getBaseUri().toString();
        List<Link> links = links(base);
        String body;
        if (format == Format.HTML) {
            body = HtmlPages.landing(TITLE, DESCRIPTION, base, links);
        } else {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("title", TITLE);
            doc.put("description", DESCRIPTION);
            doc.put("links", links);
            try {
                body = json.writeValueAsString(doc);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return Response.ok(body, format.contentType()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    /** The landing page's links; {@code base} is the API's base URL with its trailing slash. */
    static List<Link> links(String base) {
        return List.of(
                new Link(base, "self", MediaType.APPLICATION_JSON, "This document"),
                new Link(base + "?f=html", "alternate", MediaType.TEXT_HTML, "This document as HTML"),
                new Link(base + "api", "service-desc", Format.OPENAPI_MEDIA_TYPE,
                        "The API definition (OpenAPI 3.0)"),
                new Link(base + "q/swagger-ui", "service-doc", MediaType.TEXT_HTML,
                        "The API documentation (Swagger UI)"),
                new Link(base + "conformance", "conformance", MediaType.APPLICATION_JSON,
                        "The conformance classes this API implements"),
                new Link(base + "collections", "data", MediaType.APPLICATION_JSON, "The spatial layers"),
                new Link(base + "styles", "http://www.opengis.net/def/rel/ogc/1.0/styles", MediaType.APPLICATION_JSON,
                        "Map styles of the layers (OGC API – Styles)"),
                new Link(base + "datastreams", "http://www.opengis.net/def/rel/ogc/1.0/datastreams",
                        MediaType.APPLICATION_JSON, "Sensor datastreams"),
                new Link(base + "tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
                        MediaType.APPLICATION_JSON, "Vector tiles of the city model (OGC API – Tiles)"),
                new Link(base + "tileMatrixSets", "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes",
                        MediaType.APPLICATION_JSON, "The tile matrix sets tiles are served in"),
                new Link(base + "processes", "http://www.opengis.net/def/rel/ogc/1.0/processes",
                        MediaType.APPLICATION_JSON, "The processes (simulation models) this server runs"),
                new Link(base + "jobs", "http://www.opengis.net/def/rel/ogc/1.0/job-list", MediaType.APPLICATION_JSON,
                        "The jobs of your API key (process runs, imports, harvests)"),
                new Link(base + "viewer", "viewer", MediaType.TEXT_HTML, "Map viewer"));
    }
}
