package nl.tweeling.feature.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import nl.tweeling.feature.html.HtmlPages;

/** {@code GET /conformance}: the conformance classes of {@link Conformance#DECLARED}, as JSON or HTML. */
@Path("/conformance")
@Tag(name = "Capabilities")
public class ConformanceResource {

    @Inject
    ObjectMapper json;

    @GET
    @Operation(summary = "The conformance classes this API implements")
    public Response conformance(@QueryParam(Format.PARAMETER) String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        if (format == Format.HTML) {
            return Responses.ok(format, HtmlPages.conformance(Conformance.DECLARED));
        }
        return Responses.json(format, json, Map.of("conformsTo", Conformance.DECLARED));
    }
}
