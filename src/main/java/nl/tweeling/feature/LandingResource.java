package nl.tweeling.feature;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** The landing page: where everything else is. */
@Path("/")
@Tag(name = "Features")
public class LandingResource {

    @Context
    UriInfo uri;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Landing page with links to the API's resources")
    public Map<String, Object> landing() {
        String base = uri.getBaseUri().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Tweeling");
        body.put("description", "Digital twin of Zwolle: spatial layers, sensors and ingestion.");
        body.put("links", List.of(
                CollectionsResource.link(base, "self", MediaType.APPLICATION_JSON, "This document"),
                CollectionsResource.link(base + "collections", "data", MediaType.APPLICATION_JSON, "Spatial layers"),
                CollectionsResource.link(base + "datastreams", "http://www.opengis.net/def/rel/ogc/1.0/datastreams",
                        MediaType.APPLICATION_JSON, "Sensor datastreams"),
                CollectionsResource.link(base + "q/openapi?format=json", "service-desc",
                        "application/vnd.oai.openapi+json;version=3.0", "The API definition"),
                CollectionsResource.link(base + "q/swagger-ui", "service-doc", MediaType.TEXT_HTML, "The API documentation")));
        return body;
    }
}
