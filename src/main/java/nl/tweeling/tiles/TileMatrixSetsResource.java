package nl.tweeling.tiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /tileMatrixSets}: the tile matrix sets tiles are served in (OGC 17-083r4 JSON encoding). */
@Path("/tileMatrixSets")
@Tag(name = "Tiles")
public class TileMatrixSetsResource {

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "The tile matrix sets tiles are served in: WebMercatorQuad and NetherlandsRDNewQuad")
    public Response tileMatrixSets() {
        TileHttp.jsonOnly(uri.getQueryParameters(), "The list of tile matrix sets");
        String base = uri.getBaseUri().toString();
        List<Object> sets = new ArrayList<>();
        for (TileMatrixSet tms : TileMatrixSet.values()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", tms.id());
            s.put("title", tms.title());
            if (tms.uri() != null) {
                s.put("uri", tms.uri());
            }
            s.put("crs", tms.crs());
            s.put("links", List.of(TileService.link(base + "tileMatrixSets/" + tms.id(), TileService.REL_TILING_SCHEME,
                    TileService.JSON, tms.title())));
            sets.add(s);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", List.of(TileService.link(base + "tileMatrixSets", "self", TileService.JSON,
                "The tile matrix sets")));
        body.put("tileMatrixSets", sets);
        return TileHttp.json(json, body, TileService.JSON);
    }

    @GET
    @Path("/{tileMatrixSetId}")
    @Operation(summary = "One tile matrix set: its CRS and the origin, cell size and size of each tile matrix")
    public Response tileMatrixSet(@PathParam("tileMatrixSetId") String tileMatrixSetId) {
        TileHttp.jsonOnly(uri.getQueryParameters(), "A tile matrix set");
        TileMatrixSet tms = TileQuery.tileMatrixSet(tileMatrixSetId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", List.of(TileService.link(uri.getBaseUri() + "tileMatrixSets/" + tms.id(), "self",
                TileService.JSON, tms.title())));
        body.putAll(tms.definition());
        return TileHttp.json(json, body, TileService.JSON);
    }
}
