package nl.tweeling.styles;

import static nl.tweeling.feature.CollectionsResource.link;
import static nl.tweeling.feature.html.Urls.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.tweeling.feature.Layer;

/**
 * The documents of OGC API – Styles: the list of styles, a style as a MapLibre / Mapbox GL style (spec v8) and
 * its metadata with a legend. Two kinds of style: {@value #DATASET} draws every base layer from the dataset's
 * vector tiles (one source named {@value #DATASET}); every collection has a style of its own id that draws it
 * from its own vector tiles (one source named after the collection). In both the vector tile layer is the
 * collection id, as the tiles serve it.
 *
 * <p>Plain maps and lists that Jackson writes; pure Java, no Quarkus types. Thread-safe.
 *
 * <p>{@code base} is the API's base URL with its trailing slash; every URL in a style is absolute (MapLibre
 * resolves source and glyph URLs against the page, QGIS against nothing).
 */
public final class StyleDocuments {

    /** The style of the whole city, and the name of its one vector source. */
    public static final String DATASET = "zwolle";

    public static final String MAPBOX_STYLE = "application/vnd.mapbox.style+json";
    static final String JSON = "application/json";
    static final String HTML = "text/html";
    static final String GEOJSON = "application/geo+json";
    static final String TILE_MATRIX_SET = "WebMercatorQuad";

    /** Zwolle's centre, for a style without any extent. */
    static final double[] ZWOLLE = {6.0944, 52.5125};

    /**
     * A style.
     *
     * @param id      the style id ({@value #DATASET} or a collection id)
     * @param title   its title
     * @param description what it shows
     * @param layers  the collections it draws (as the caller sees them)
     * @param dataset true for the dataset style (one source of all base layers)
     */
    public record Style(String id, String title, String description, List<Layer> layers, boolean dataset) {

        /** The style layers of this style, in drawing order. */
        public List<Cartography.Rule> rules() {
            return Cartography.rules(layers);
        }
    }

    private StyleDocuments() {
    }

    /** The dataset style over these base layers. */
    public static Style dataset(List<Layer> baseLayers) {
        return new Style(DATASET, "Zwolle",
                "The digital twin of Zwolle: land cover, parks and trees, buildings, roads by class, neighbourhood"
                        + " and district boundaries with their names, addresses, facilities and sensors.",
                baseLayers, true);
    }

    /** The style of one collection. */
    public static Style collection(Layer layer) {
        String title = layer.title() == null || layer.title().isBlank() ? layer.id() : layer.title();
        return new Style(layer.id(), title, "The collection " + title + " on its own.", List.of(layer), false);
    }

    // ------------------------------------------------------------------ /styles

    /** {@code GET /styles}: every style, the dataset style first and default. */
    public static Map<String, Object> list(List<Style> styles, String base) {
        List<Object> items = new ArrayList<>();
        for (Style s : styles) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", s.id());
            item.put("title", s.title());
            item.put("links", List.of(
                    link(styleUrl(base, s.id()) + "?f=mapbox", "stylesheet", MAPBOX_STYLE, "MapLibre style " + s.title()),
                    link(styleUrl(base, s.id()) + "/metadata?f=json", "describedby", JSON, "Metadata of " + s.title()),
                    link(styleUrl(base, s.id()) + "?f=html", "alternate", HTML, s.title() + " on a map")));
            items.add(item);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("default", DATASET);
        doc.put("styles", items);
        doc.put("links", List.of(link(base + "styles", "self", JSON, "The styles"),
                link(base + "styles?f=html", "alternate", HTML, "The styles as HTML")));
        return doc;
    }

    // ---------------------------------------------------------- /styles/{id}

    /** {@code GET /styles/{id}}: the MapLibre / Mapbox GL style (spec version 8). */
    public static Map<String, Object> stylesheet(Style style, String base) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 8);
        doc.put("name", style.title());
        doc.put("metadata", Map.of("tweeling:style", style.id(), "tweeling:metadata",
                styleUrl(base, style.id()) + "/metadata"));
        double[] extent = extent(style.layers());
        doc.put("center", extent == null ? List.of(ZWOLLE[0], ZWOLLE[1])
                : List.of(round((extent[0] + extent[2]) / 2), round((extent[1] + extent[3]) / 2)));
        doc.put("zoom", 12);
        Map<String, Object> sources = new LinkedHashMap<>();
        if (style.dataset()) {
            sources.put(DATASET, Cartography.map("type", "vector", "url", base + "tiles/" + TILE_MATRIX_SET + "?f=tilejson"));
        } else {
            for (Layer l : style.layers()) {
                sources.put(l.id(), Cartography.map("type", "vector", "url",
                        base + "collections/" + segment(l.id()) + "/tiles/" + TILE_MATRIX_SET + "?f=tilejson"));
            }
        }
        doc.put("sources", sources);
        doc.put("glyphs", base + "fonts/{fontstack}/{range}.pbf");
        List<Object> layers = new ArrayList<>();
        layers.add(Cartography.map("id", "background", "type", "background", "paint",
                Cartography.map("background-color", Cartography.BACKGROUND)));
        for (Cartography.Rule r : style.rules()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", r.id());
            l.put("type", r.type());
            l.put("source", style.dataset() ? DATASET : r.collection());
            l.put("source-layer", r.collection());
            if (r.minzoom() != null) {
                l.put("minzoom", r.minzoom());
            }
            if (r.filter() != null) {
                l.put("filter", r.filter());
            }
            if (r.layout() != null) {
                l.put("layout", r.layout());
            }
            l.put("paint", r.paint());
            l.put("metadata", Map.of("tweeling:title", r.title()));
            layers.add(l);
        }
        doc.put("layers", layers);
        return doc;
    }

    // -------------------------------------------------- /styles/{id}/metadata

    /**
     * {@code GET /styles/{id}/metadata}: OGC API – Styles style metadata: the stylesheet, the data layers it
     * draws (with the properties it uses and sample data), and a {@code legend} of its style layers (title,
     * colour, layer type and geometry type of each).
     */
    public static Map<String, Object> metadata(Style style, String base) {
        String self = styleUrl(base, style.id());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", style.id());
        doc.put("title", style.title());
        doc.put("description", style.description());
        doc.put("keywords", style.dataset() ? List.of("Zwolle", "digital twin", "basemap") : List.of(style.id()));
        doc.put("scope", "style");
        doc.put("version", "1.0.0");
        Map<String, Object> sheet = new LinkedHashMap<>();
        sheet.put("title", "Mapbox Style");
        sheet.put("version", "8");
        sheet.put("specification", "https://maplibre.org/maplibre-style-spec/");
        sheet.put("native", true);
        sheet.put("tilingScheme", TILE_MATRIX_SET);
        sheet.put("link", link(self + "?f=mapbox", "stylesheet", MAPBOX_STYLE, "MapLibre style " + style.title()));
        doc.put("stylesheets", List.of(sheet));
        List<Cartography.Rule> rules = style.rules();
        List<Object> layers = new ArrayList<>();
        for (Layer l : style.layers()) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("id", l.id());
            layer.put("description", l.title());
            layer.put("dataType", "vector");
            layer.put("geometryType", Cartography.kind(l.geometryType()));
            Set<String> used = new LinkedHashSet<>();
            rules.stream().filter(r -> r.collection().equals(l.id()) && r.property() != null)
                    .forEach(r -> used.add(r.property()));
            Map<String, Object> schema = new LinkedHashMap<>();
            for (String p : used) {
                schema.put(p, Map.of("type", "string"));
            }
            layer.put("propertiesSchema", schema);
            layer.put("sampleData", link(base + "collections/" + segment(l.id()) + "/items?f=json&limit=100", "start",
                    GEOJSON, l.title()));
            layers.add(layer);
        }
        doc.put("layers", layers);
        List<Object> legend = new ArrayList<>();
        for (Cartography.Rule r : rules) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("layer", r.id());
            entry.put("title", r.title());
            entry.put("colour", r.colour());
            entry.put("type", r.type());
            entry.put("geometryType", r.geometry());
            entry.put("collection", r.collection());
            legend.add(entry);
        }
        doc.put("legend", legend);
        List<Object> links = new ArrayList<>();
        links.add(link(self + "/metadata", "self", JSON, "Metadata of " + style.title()));
        links.add(link(self + "/metadata?f=html", "alternate", HTML, "Metadata of " + style.title() + " as HTML"));
        links.add(link(self + "?f=mapbox", "stylesheet", MAPBOX_STYLE, "MapLibre style " + style.title()));
        if (style.dataset()) {
            links.add(link(base + "tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", JSON,
                    "The vector tiles of the base layers"));
        }
        for (Layer l : style.layers()) {
            links.add(link(base + "collections/" + segment(l.id()), "collection", JSON, l.title()));
            if (!style.dataset()) {
                links.add(link(base + "collections/" + segment(l.id()) + "/tiles",
                        "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", JSON, "Vector tiles of " + l.title()));
            }
        }
        doc.put("links", links);
        return doc;
    }

    // ----------------------------------------------------------------- helpers

    static String styleUrl(String base, String id) {
        return base + "styles/" + segment(id);
    }

    /** The union of the layers' extents (lon/lat), or null when none has one. */
    static double[] extent(List<Layer> layers) {
        double[] out = null;
        for (Layer l : layers) {
            double[] e = l.extent();
            if (e == null || e.length < 4) {
                continue;
            }
            if (out == null) {
                out = e.clone();
            } else {
                out[0] = Math.min(out[0], e[0]);
                out[1] = Math.min(out[1], e[1]);
                out[2] = Math.max(out[2], e[2]);
                out[3] = Math.max(out[3], e[3]);
            }
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
