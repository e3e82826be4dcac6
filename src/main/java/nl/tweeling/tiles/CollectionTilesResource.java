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

import nl.tweeling.feature.FeatureView;
import nl.tweeling.feature.Layer;
import nl.tweeling.platform.security.CurrentCaller;

/**
 * OGC API – Tiles of one collection (geodata tilesets): {@code /collections/{collectionId}/tiles}, its tileset
 * per tile matrix set (JSON, or TileJSON with {@code f=tilejson}) and its Mapbox vector tiles, whose one layer is
 * named after the collection. Thin: {@link TileService} chooses what a tile holds, {@link TileRepository} makes it.
 */
@Path("/collections/{collectionId}/tiles")
@Tag(name = "Tiles")
public class CollectionTilesResource {

    @Inject
    TileService tiles;

    @Inject
    CurrentCaller caller;

    /** The baseline, or the scenario whose resource handed this request over (its tile URLs, its features). */
    @Inject
    FeatureView view;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "The vector tilesets of a collection: one per tile matrix set")
    public Response tilesets(@PathParam("collectionId") String collectionId) {
        Layer layer = tiles.collection(collectionId, caller.get());
        TileHttp.jsonOnly(view.parameters(uri.getQueryParameters()), "A tilesets list");
        return TileHttp.json(json, tiles.tilesets(base(), view.collectionsPath() + "/" + layer.id() + "/tiles", layer.title(),
                List.of(layer)),
                TileService.JSON);
    }

    @GET
    @Path("/{tileMatrixSetId}")
    @Operation(summary = "A collection's vector tileset: levels, layer and properties, tile URL template;"
            + " f=tilejson gives TileJSON 3.0.0")
    public Response tileset(@PathParam("collectionId") String collectionId,
            @PathParam("tileMatrixSetId") String tileMatrixSetId) {
        Layer layer = tiles.collection(collectionId, caller.get());
        boolean tileJson = TileHttp.tileJson(view.parameters(uri.getQueryParameters()));
        String datetime = TileService.datetime(TileQuery.one(view.parameters(uri.getQueryParameters()), "datetime"));
        TileMatrixSet tms = TileQuery.tileMatrixSet(tileMatrixSetId);
        String path = view.collectionsPath() + "/" + layer.id() + "/tiles/" + tms.id();
        if (tileJson) {
            return TileHttp.json(json, tiles.tileJson(base(), path, layer.id(), layer.title(), List.of(layer), tms,
                    datetime), TileService.TILEJSON);
        }
        return TileHttp.json(json, tiles.tileset(base(), path, layer.title() + " (" + tms.id() + ")", List.of(layer),
                tms, TileService.link(base() + view.collectionsPath() + "/" + layer.id(), TileService.REL_GEODATA, TileService.JSON,
                        layer.title()), datetime), TileService.JSON);
    }

    @GET
    @Path("/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}")
    @Operation(summary = "A Mapbox vector tile of a collection (204 when no feature is in it); datetime shows the"
            + " features valid at that instant")
    public Response tile(@PathParam("collectionId") String collectionId,
            @PathParam("tileMatrixSetId") String tileMatrixSetId, @PathParam("tileMatrix") String tileMatrix,
            @PathParam("tileRow") String tileRow, @PathParam("tileCol") String tileCol,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Layer layer = tiles.collection(collectionId, caller.get());
        TileQuery q = TileQuery.parse(tileMatrixSetId, tileMatrix, tileRow, tileCol, view.parameters(uri.getQueryParameters()));
        return TileHttp.tile(tiles.collectionTile(layer, q), ifNoneMatch, caller.get());
    }

    private String base() {
        return uri.getBaseUri().toString();
    }
}
