package nl.tweeling.scenario;

import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.CollectionsResource;
import nl.tweeling.feature.FeatureView;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.feature.Relation;
import nl.tweeling.feature.api.Format;
import nl.tweeling.feature.edit.EditHttp;
import nl.tweeling.feature.edit.EditService;
import nl.tweeling.platform.security.CurrentCaller;
import nl.tweeling.platform.security.RequiresRole;
import nl.tweeling.platform.security.Role;
import nl.tweeling.tiles.CollectionTilesResource;

/**
 * A scenario's collections, features and tiles: the baseline's resources ({@link CollectionsResource},
 * {@link CollectionTilesResource}) serve them, reading through the scenario's relations ({@link LayerRelations})
 * once this resource has set the request's {@link FeatureView}; so every parameter of the baseline works here
 * (but datetime: a scenario is read at a revision, {@code revision=N}). The Part 4 edits make one revision each.
 */
@Path("/scenarios/{scenarioId}/collections")
@Tag(name = "Scenarios")
@RequiresRole(Role.PLANNER)
public class ScenarioCollectionsResource {

    /** The query parameter that reads a scenario at one of its revisions (default: the current one). */
    static final String REVISION = "revision";

    @Inject
    ScenarioService scenarios;

    @Inject
    ScenarioRepository repository;

    @Inject
    LayerRelations relations;

    @Inject
    LayerRegistry registry;

    @Inject
    FeatureView view;

    @Inject
    CollectionsResource collections;

    @Inject
    CollectionTilesResource tiles;

    @Inject
    CurrentCaller caller;

    @Inject
    EditService edits;

    @Inject
    ScenarioTarget target;

    @Context
    UriInfo uri;

    /** A scenario at a revision as an overlay of the baseline's resources. */
    record ScenarioOverlay(Scenario scenario, int revision, LayerRelations relations) implements FeatureView.Overlay {

        @Override
        public Relation relation(Layer layer) {
            return relations.relation(layer.id(), scenario, revision);
        }

        @Override
        public String collectionsPath() {
            return "scenarios/" + scenario.id() + "/collections";
        }

        @Override
        public String scope() {
            return "scenario:" + scenario.id() + "@" + revision;
        }

        @Override
        public Set<String> parameters() {
            return Set.of(REVISION);
        }

        @Override
        public java.util.OptionalLong featureCount(Layer layer) {
            return relations.featureCount(layer, scenario, revision);
        }
    }

    /** Checks access, sets the view to the scenario at the asked revision and returns that view's overlay. */
    private ScenarioOverlay use(String scenarioId, String collectionId) {
        Scenario s = scenarios.readable(ScenariosResource.id(scenarioId), caller.get());
        List<String> values = uri.getQueryParameters().get(REVISION);
        int revision = s.revision();
        if (values != null) {
            if (values.size() > 1) {
                throw TweelingException.badParameter(REVISION, "revision may be given once.");
            }
            try {
                revision = Integer.parseInt(values.get(0));
            } catch (NumberFormatException e) {
                throw TweelingException.badParameter(REVISION, "revision is a whole number from 0 to " + s.revision()
                        + " (GET /scenarios/" + s.id() + "/revisions lists them).");
            }
            if (revision < 0 || revision > s.revision()) {
                throw TweelingException.badParameter(REVISION, "Scenario " + s.id() + " has revisions 0 to "
                        + s.revision() + "; there is no revision " + revision + ".");
            }
        }
        if (collectionId != null && registry.find(collectionId).isEmpty()
                && repository.editedLayers(s.id()).stream().anyMatch(l -> l.layerId().equals(collectionId))) {
            throw LayerRelations.gone(s, collectionId);
        }
        ScenarioOverlay overlay = new ScenarioOverlay(s, revision, relations);
        view.use(overlay);
        return overlay;
    }

    // ------------------------------------------------------------------ reading (the baseline's resources)

    @GET
    @Operation(summary = "The collections as a scenario makes them (revision=N: at that revision)")
    public Response collections(@PathParam("scenarioId") String scenarioId, @QueryParam("f") String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        use(scenarioId, null);
        return collections.collections(f, accept);
    }

    @GET
    @Path("/{collectionId}")
    @Operation(summary = "One collection of a scenario")
    public Response collection(@PathParam("scenarioId") String scenarioId,
            @PathParam("collectionId") String collectionId, @QueryParam("f") String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        use(scenarioId, collectionId);
        return collections.collection(collectionId, f, accept);
    }

    @GET
    @Path("/{collectionId}/items")
    @Operation(summary = "Features of a collection as a scenario makes them, with every items parameter of the"
            + " baseline but datetime; revision=N reads an earlier revision")
    public Response items(@PathParam("scenarioId") String scenarioId, @PathParam("collectionId") String collectionId,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        use(scenarioId, collectionId);
        return collections.items(collectionId, accept);
    }

    @GET
    @Path("/{collectionId}/items/{featureId}")
    @Operation(summary = "One feature as a scenario makes it, with its ETag (for If-Match on edits)")
    public Response item(@PathParam("scenarioId") String scenarioId, @PathParam("collectionId") String collectionId,
            @PathParam("featureId") String featureId, @QueryParam("f") String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        use(scenarioId, collectionId);
        return collections.item(collectionId, featureId, f, accept);
    }

    @GET
    @Path("/{collectionId}/queryables")
    @Operation(summary = "The queryables of a collection (as the baseline's)")
    public Response queryables(@PathParam("scenarioId") String scenarioId,
            @PathParam("collectionId") String collectionId, @QueryParam("f") String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        use(scenarioId, collectionId);
        return collections.queryables(collectionId, f, accept);
    }

    @GET
    @Path("/{collectionId}/tiles")
    @Operation(summary = "The vector tilesets of a collection in a scenario")
    public Response tilesets(@PathParam("scenarioId") String scenarioId,
            @PathParam("collectionId") String collectionId) {
        use(scenarioId, collectionId);
        return tiles.tilesets(collectionId);
    }

    @GET
    @Path("/{collectionId}/tiles/{tileMatrixSetId}")
    @Operation(summary = "A vector tileset of a collection in a scenario (f=tilejson: TileJSON)")
    public Response tileset(@PathParam("scenarioId") String scenarioId, @PathParam("collectionId") String collectionId,
            @PathParam("tileMatrixSetId") String tileMatrixSetId) {
        use(scenarioId, collectionId);
        return tiles.tileset(collectionId, tileMatrixSetId);
    }

    @GET
    @Path("/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}")
    @Operation(summary = "A Mapbox vector tile of a collection as a scenario makes it (revision=N: at that revision)")
    public Response tile(@PathParam("scenarioId") String scenarioId, @PathParam("collectionId") String collectionId,
            @PathParam("tileMatrixSetId") String tileMatrixSetId, @PathParam("tileMatrix") String tileMatrix,
            @PathParam("tileRow") String tileRow, @PathParam("tileCol") String tileCol,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        use(scenarioId, collectionId);
        return tiles.tile(collectionId, tileMatrixSetId, tileMatrix, tileRow, tileCol, ifNoneMatch);
    }

    // ------------------------------------------------------------------ editing (Part 4, one revision each)

    @POST
    @Path("/{collectionId}/items")
    @Consumes({CollectionsResource.GEOJSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Add a feature to a collection in a scenario (owner or admin): 201 with Location and ETag")
    public Response create(@PathParam("scenarioId") String scenarioId, @PathParam("collectionId") String collectionId,
            @HeaderParam("Content-Crs") String contentCrs, String body) {
        long sid = ScenariosResource.id(scenarioId);
        Layer layer = editable(sid, collectionId);
        EditService.Result r = edits.create(target.of(sid, caller.get()), layer, caller.get(), body,
                EditHttp.contentCrs(contentCrs));
        return Response.created(uri.getAbsolutePathBuilder().path(r.featureId()).build())
                .header(HttpHeaders.ETAG, writtenTag(layer, r)).build();
    }

    @PUT
    @Path("/{collectionId}/items/{featureId}")
    @Consumes({CollectionsResource.GEOJSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Replace a feature in a scenario (If-Match: its ETag in the scenario)")
    public Response replace(@PathParam("scenarioId") String scenarioId, @PathParam("collectionId") String collectionId,
            @PathParam("featureId") String featureId, @HeaderParam("Content-Crs") String contentCrs,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) {
        long sid = ScenariosResource.id(scenarioId);
        Layer layer = editable(sid, collectionId);
        EditHttp.IfMatch condition = EditHttp.ifMatch(ifMatch);
        EditService.Result r = edits.replace(target.of(sid, caller.get()), layer, caller.get(), featureId, body,
                EditHttp.contentCrs(contentCrs), condition);
        return Response.noContent().header(HttpHeaders.ETAG, writtenTag(layer, r)).build();
    }

    @PATCH
    @Path("/{collectionId}/items/{featureId}")
    @Consumes({"application/merge-patch+json", CollectionsResource.GEOJSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change some properties or the geometry of a feature in a scenario (JSON merge patch;"
            + " If-Match: its ETag in the scenario)")
    public Response update(@PathParam("scenarioId") String scenarioId, @PathParam("collectionId") String collectionId,
            @PathParam("featureId") String featureId, @HeaderParam("Content-Crs") String contentCrs,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) {
        long sid = ScenariosResource.id(scenarioId);
        Layer layer = editable(sid, collectionId);
        EditHttp.IfMatch condition = EditHttp.ifMatch(ifMatch);
        EditService.Result r = edits.update(target.of(sid, caller.get()), layer, caller.get(), featureId, body,
                EditHttp.contentCrs(contentCrs), condition);
        return Response.noContent().header(HttpHeaders.ETAG, writtenTag(layer, r)).build();
    }

    @DELETE
    @Path("/{collectionId}/items/{featureId}")
    @Operation(summary = "Remove a feature in a scenario (If-Match: its ETag in the scenario); the baseline keeps it")
    public Response delete(@PathParam("scenarioId") String scenarioId, @PathParam("collectionId") String collectionId,
            @PathParam("featureId") String featureId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        long sid = ScenariosResource.id(scenarioId);
        Layer layer = editable(sid, collectionId);
        EditHttp.IfMatch condition = EditHttp.ifMatch(ifMatch);
        edits.delete(target.of(sid, caller.get()), layer, caller.get(), featureId, condition);
        return Response.noContent().build();
    }

    /**
     * The registered layer to edit in a scenario the caller may read: 404 for a scenario or layer the caller may not
     * see (as for one that does not exist), 410 for a layer the scenario edited that was removed since.
     */
    private Layer editable(long sid, String collectionId) {
        Scenario s = scenarios.readable(sid, caller.get());
        Layer layer = registry.find(collectionId).orElse(null);
        if (layer == null) {
            if (repository.editedLayers(sid).stream().anyMatch(l -> l.layerId().equals(collectionId))) {
                throw LayerRelations.gone(s, collectionId);
            }
            throw TweelingException.notFound("There is no collection " + collectionId + ".");
        }
        if (!layer.visibleTo(caller.get())) {
            throw TweelingException.notFound("There is no collection " + collectionId + ".");
        }
        return layer;
    }

    /** The ETag of the written version's default representation (GeoJSON, CRS84, every property the caller sees). */
    private String writtenTag(Layer layer, EditService.Result r) {
        Layer seen = layer.seenBy(caller.get());
        boolean seesAll = seen.columns().size() == layer.columns().size();
        return EditHttp.etag(r.version(), EditHttp.variant(seesAll, Format.GEOJSON.name(), CrsChoice.CRS84.uri(),
                "null", "false", seen.columns().toString()));
    }
}
