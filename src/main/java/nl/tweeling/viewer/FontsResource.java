package nl.tweeling.viewer;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Glyphs for map labels ({@code /fonts/{fontstack}/{range}.pbf}, the glyph URL of our MapLibre styles). */
@Path("/fonts/{fontstack}/{range}.pbf")
@Tag(name = "Maps")
public class FontsResource {

    /** The media type glyph servers answer with. */
    public static final String PROTOBUF = "application/x-protobuf";

    @Inject
    Glyphs glyphs;

    @GET
    @Operation(summary = "Glyphs (signed distance fields) of a font stack for 256 code points, for map labels")
    public Response range(@PathParam("fontstack") String fontstack, @PathParam("range") String range) {
        return Response.ok(glyphs.range(fontstack, range), PROTOBUF)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=86400").build();
    }
}
