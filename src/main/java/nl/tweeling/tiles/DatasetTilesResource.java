package nl.tweeling.tiles;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LandingResource;
import nl.tweeling.platform.security.CurrentCaller;

/**
 * OGC API – Tiles of the whole city model (dataset tilesets): {@code /tiles}, a tileset per tile matrix set and
 * tiles holding one Mapbox vector tile layer per base layer the caller may see, each named after its collection.
 */
@Path("/tiles")
@Tag(name = "Tiles")
public class DatasetTilesResource {

    static final String TITLE = "Zwolle";

    @Inject
    TileService tiles;

    @Inject
    CurrentCaller caller;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "The vector tilesets of the city model (every base layer): one per tile matrix set")
    public Response tilesets() {
        TileHttp.jsonOnly(uri.getQueryParameters(), "A tilesets list");
        return TileHttp.json(json, tiles.tilesets(base(), "tiles", TITLE, tiles.datasetLayers(caller.get())),
                TileService.JSON);
    }

    @GET
    @Path("/{tileMatrixSetId}")
    @Operation(summary = "The city model's vector tileset: its layers, levels and tile URL template;"
            + " f=tilejson gives TileJSON 3.0.0")
    public Response tileset(@PathParam("tileMatrixSetId") String tileMatrixSetId) {
        boolean tileJson = TileHttp.tileJson(uri.getQueryParameters());
        String datetime = TileService.datetime(TileQuery.one(uri.getQueryParameters(), "datetime"));
        TileMatrixSet tms = TileQuery.tileMatrixSet(tileMatrixSetId);
        List<Layer> layers = tiles.datasetLayers(caller.get());
        String path = "tiles/" + tms.id();
        if (tileJson) {
            return TileHttp.json(json, tiles.tileJson(base(), path, "zwolle", LandingResource.DESCRIPTION, layers, tms,
                    datetime), TileService.TILEJSON);
        }
        return TileHttp.json(json, tiles.tileset(base(), path, TITLE + " (" + tms.id() + ")", layers, tms,
                TileService.link(base() + "collections", TileService.REL_DATASET, TileService.JSON,
                        "The collections"), datetime), TileService.JSON);
    }

    @GET
    @Path("/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}")
    @Operation(summary = "A Mapbox vector tile of the city model: one layer per base layer (204 when empty);"
            + " datetime shows the city at that instant")
    public Response tile(@PathParam("tileMatrixSetId") String tileMatrixSetId,
            @PathParam("tileMatrix") String tileMatrix, @PathParam("tileRow") String tileRow,
            @PathParam("tileCol") String tileCol, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        TileQuery q = TileQuery.parse(tileMatrixSetId, tileMatrix, tileRow, tileCol, uri.getQueryParameters());
        return TileHttp.tile(tiles.datasetTile(tiles.datasetLayers(caller.get()), q), ifNoneMatch, caller.get());
    }

    private String base() {
        return uri.getBaseUri().toString();
    }
}
