package nl.tweeling.styles;

import java.util.ArrayList;
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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.feature.api.Format;
import nl.tweeling.feature.html.HtmlPages;
import nl.tweeling.platform.security.Caller;
import nl.tweeling.platform.security.CurrentCaller;

/**
 * OGC API – Styles (draft 20-009): {@code /styles}, {@code /styles/{styleId}} as a MapLibre / Mapbox GL style
 * and {@code /styles/{styleId}/metadata}. The styles are made from the layer registry at request time, as the
 * caller sees it: {@value StyleDocuments#DATASET} draws the base layers the caller may see, and each collection
 * the caller may see has a style of its own id; any other id is a 404, exactly as for a missing collection.
 * Thin: the documents are built by {@link StyleDocuments}, the drawing by {@link Cartography}.
 */
@Path("/styles")
@Tag(name = "Styles")
public class StylesResource {

    @Inject
    LayerRegistry registry;

    @Inject
    CurrentCaller caller;

    @Inject
    ObjectMapper json;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "The map styles: zwolle (every base layer) and one per collection")
    public Response styles(@QueryParam(Format.PARAMETER) String f, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        List<StyleDocuments.Style> styles = all(caller.get());
        if (format == Format.HTML) {
            List<HtmlPages.StyleSummary> summaries = new ArrayList<>();
            styles.forEach(s -> summaries.add(summary(s)));
            return ok(format, HtmlPages.styles(summaries, base()));
        }
        return ok(format, write(StyleDocuments.list(styles, base())));
    }

    @GET
    @Path("/{styleId}")
    @Operation(summary = "A style as a MapLibre / Mapbox GL style (spec v8; f=mapbox), or on a map (f=html)")
    public Response style(@PathParam("styleId") String styleId, @QueryParam(Format.PARAMETER) String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        StyleDocuments.Style style = find(styleId);
        Format format = Format.choose(f, accept, Format.MAPBOX_STYLE, Format.HTML);
        if (format == Format.HTML) {
            return ok(format, HtmlPages.style(summary(style), legend(style), base(), false));
        }
        return ok(format, write(StyleDocuments.stylesheet(style, base())));
    }

    @GET
    @Path("/{styleId}/metadata")
    @Operation(summary = "A style's metadata: its stylesheet, the layers it draws and its legend")
    public Response metadata(@PathParam("styleId") String styleId, @QueryParam(Format.PARAMETER) String f,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        StyleDocuments.Style style = find(styleId);
        Format format = Format.choose(f, accept, Format.JSON, Format.HTML);
        if (format == Format.HTML) {
            return ok(format, HtmlPages.style(summary(style), legend(style), base(), true));
        }
        return ok(format, write(StyleDocuments.metadata(style, base())));
    }

    /** The styles the caller may see: the dataset style first, then one per visible collection. */
    private List<StyleDocuments.Style> all(Caller who) {
        List<Layer> layers = registry.visible(who);
        List<StyleDocuments.Style> out = new ArrayList<>();
        out.add(StyleDocuments.dataset(layers.stream().filter(Layer::base).toList()));
        for (Layer l : layers) {
            if (!l.id().equals(StyleDocuments.DATASET)) {
                out.add(StyleDocuments.collection(l));
            }
        }
        return out;
    }

    private StyleDocuments.Style find(String id) {
        if (StyleDocuments.DATASET.equals(id)) {
            return StyleDocuments.dataset(registry.visible(caller.get()).stream().filter(Layer::base).toList());
        }
        return registry.findVisible(id, caller.get()).map(StyleDocuments::collection)
                .orElseThrow(() -> TweelingException.notFound("There is no style " + id + "."));
    }

    private static HtmlPages.StyleSummary summary(StyleDocuments.Style s) {
        return new HtmlPages.StyleSummary(s.id(), s.title(), s.description(), s.dataset() ? null : s.id());
    }

    private static List<HtmlPages.LegendRow> legend(StyleDocuments.Style s) {
        List<HtmlPages.LegendRow> rows = new ArrayList<>();
        for (Cartography.Rule r : s.rules()) {
            rows.add(new HtmlPages.LegendRow(r.title(), r.colour(), r.type(), r.geometry(), r.collection()));
        }
        return rows;
    }

    private String base() {
        return uri.getBaseUri().toString();
    }

    private static Response ok(Format format, String body) {
        return Response.ok(body, format.contentType()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }

    private String write(Map<String, Object> doc) {
        try {
            return json.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
