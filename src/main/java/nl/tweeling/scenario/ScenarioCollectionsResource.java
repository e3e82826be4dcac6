package nl.tweeling.scenario;

import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.CollectionsResource;
import nl.tweeling.feature.FeatureView;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.feature.Relation;
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
    ObjectMapper json;

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
        ScenarioOverlay o = use(scenarioId, collectionId);
        Response r = collections.item(collectionId, featureId, f, accept);
        String etag = scenarios.etag(o.scenario(), o.revision(), collectionId, featureId);
        return etag == null ? r : Response.fromResponse(r).header(HttpHeaders.ETAG, etag).build();
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
            String body) {
        ScenarioService.Edited e = scenarios.edit(ScenariosResource.id(scenarioId), collectionId,
                ScenarioService.Operation.CREATE, null, parse(body), null, caller.get());
        return Response.created(uri.getAbsolutePathBuilder().path(e.featureId()).build())
                .header(HttpHeaders.ETAG, e.etag()).header("Scenario-Revision", e.revision()).build();
    }

    @PUT
    @Path("/{collectionId}/items/{featureId}")
    @Consumes({CollectionsResource.GEOJSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Replace a feature in a scenario (If-Match: its ETag)")
    public Response replace(@PathParam("scenarioId") String scenarioId, @PathParam("collectionId") String collectionId,
            @PathParam("featureId") String featureId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) {
        return edited(scenarios.edit(ScenariosResource.id(scenarioId), collectionId, ScenarioService.Operation.REPLACE,
                featureId, parse(body), ifMatch, caller.get()));
    }

    @PATCH
    @Path("/{collectionId}/items/{featureId}")
    @Consumes({"application/merge-patch+json", CollectionsResource.GEOJSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change some properties or the geometry of a feature in a scenario (JSON merge patch;"
            + " If-Match: its ETag)")
    public Response update(@PathParam("scenarioId") String scenarioId, @PathParam("collectionId") String collectionId,
            @PathParam("featureId") String featureId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) {
        return edited(scenarios.edit(ScenariosResource.id(scenarioId), collectionId, ScenarioService.Operation.UPDATE,
                featureId, parse(body), ifMatch, caller.get()));
    }

    @DELETE
    @Path("/{collectionId}/items/{featureId}")
    @Operation(summary = "Remove a feature in a scenario (If-Match: its ETag); the baseline keeps it")
    public Response delete(@PathParam("scenarioId") String scenarioId, @PathParam("collectionId") String collectionId,
            @PathParam("featureId") String featureId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        ScenarioService.Edited e = scenarios.edit(ScenariosResource.id(scenarioId), collectionId,
                ScenarioService.Operation.DELETE, featureId, null, ifMatch, caller.get());
        return Response.noContent().header("Scenario-Revision", e.revision()).build();
    }

    private static Response edited(ScenarioService.Edited e) {
        return Response.noContent().header(HttpHeaders.ETAG, e.etag()).header("Scenario-Revision", e.revision()).build();
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw TweelingException.badBody("The body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ").", List.of());
        }
    }
}
