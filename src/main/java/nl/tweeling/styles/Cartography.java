package nl.tweeling.styles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import nl.tweeling.feature.Layer;

/**
 * How each layer is drawn: the style layers (MapLibre / Mapbox GL style spec v8) of the base layers of the city
 * model, in drawing order, and a generic drawing by geometry type, in a colour of its own, for any other layer
 * (imports). Filters use the spec's legacy filter syntax ({@code ["==", "road_class", "motorway"]},
 * {@code ["==", "$type", "Point"]}), which MapLibre GL JS and QGIS's style converter both read, and labels the
 * {@code "{name}"} token.
 *
 * <p>A rule that needs a property the caller may not see (or that a layer lacks) is not used: the layer is
 * then drawn generically, so a style never names a property the caller cannot see. Pure Java; thread-safe.
 */
public final class Cartography {

    /** The font stack of every label; the viewer serves its glyphs at {@code /fonts/{fontstack}/{range}.pbf}. */
    public static final String FONT = "Noto Sans Regular";

    /** The map's background (land). */
    public static final String BACKGROUND = "#f4f1ea";

    /**
     * One style layer of a collection.
     *
     * @param collection the collection (and vector tile layer) it draws
     * @param suffix     the style layer's id is {@code collection-suffix}
     * @param title      its legend title
     * @param type       the MapLibre layer type: fill, line, circle or symbol
     * @param geometry   what it draws, in OGC API – Styles terms: points, lines or polygons
     * @param colour     its main colour ({@code #rrggbb}): fill, line, circle or text colour
     * @param filter     a legacy filter, or null
     * @param property   the property its filter or label needs, or null
     * @param minzoom    the zoom level from which it is drawn, or null
     */
    public record Rule(String collection, String suffix, String title, String type, String geometry, String colour,
            List<Object> filter, String property, Integer minzoom, Map<String, Object> paint,
            Map<String, Object> layout) {

        public String id() {
            return collection + "-" + suffix;
        }
    }

    /** Colours of the layers without a drawing of their own, picked by the layer id. */
    static final List<String> PALETTE = List.of("#1b6ca8", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0f766e",
            "#a16207", "#be185d");

    /** Properties a label may show, in order of preference. */
    private static final List<String> LABEL_PROPERTIES = List.of("name", "naam", "title", "titel");

    private static final List<Rule> BASE = base();

    private Cartography() {
    }

    /** The ids of the collections with a drawing of their own (the base layers of the city model). */
    public static Set<String> drawn() {
        Set<String> ids = new java.util.LinkedHashSet<>();
        BASE.forEach(r -> ids.add(r.collection()));
        return ids;
    }

    /**
     * The style layers of these layers (as the caller sees them), in drawing order: areas under lines under
     * points under labels; base layers by their own drawing, others generically.
     */
    public static List<Rule> rules(List<Layer> layers) {
        List<Rule> out = new ArrayList<>();
        Map<String, Layer> byId = new LinkedHashMap<>();
        layers.forEach(l -> byId.put(l.id(), l));
        List<Layer> generic = new ArrayList<>();
        for (Layer layer : layers) {
            if (!usesOwnDrawing(layer)) {
                generic.add(layer);
            }
        }
        for (Rule r : BASE) {
            Layer layer = byId.get(r.collection());
            if (layer != null && usesOwnDrawing(layer)) {
                out.add(r);
            }
        }
        for (Layer layer : generic) {
            out.addAll(generic(layer));
        }
        // drawing order: areas, lines, points, labels (stable within each)
        List<Rule> ordered = new ArrayList<>();
        for (String type : List.of("fill", "line", "circle", "symbol")) {
            out.stream().filter(r -> r.type().equals(type)).forEach(ordered::add);
        }
        return ordered;
    }

    private static boolean usesOwnDrawing(Layer layer) {
        Set<String> properties = properties(layer);
        boolean any = false;
        for (Rule r : BASE) {
            if (r.collection().equals(layer.id())) {
                any = true;
                if (r.property() != null && !properties.contains(r.property())) {
                    return false;
                }
            }
        }
        return any;
    }

    private static Set<String> properties(Layer layer) {
        Set<String> out = new java.util.HashSet<>();
        layer.columns().forEach(c -> out.add(c.property()));
        return out;
    }

    /** A layer drawn by its geometry type in a colour of its own; labelled when it has a name property. */
    static List<Rule> generic(Layer layer) {
        String id = layer.id();
        String colour = PALETTE.get(Math.floorMod(id.hashCode(), PALETTE.size()));
        String kind = kind(layer.geometryType());
        List<Rule> out = new ArrayList<>();
        boolean mixed = kind.equals("any");
        if (mixed || kind.equals("polygons")) {
            List<Object> f = mixed ? List.of("==", "$type", "Polygon") : null;
            out.add(new Rule(id, "fill", title(layer), "fill", "polygons", colour, f, null, null,
                    map("fill-color", colour, "fill-opacity", 0.35), null));
            out.add(new Rule(id, "outline", title(layer) + " (outline)", "line", "polygons", colour, f, null, null,
                    map("line-color", colour, "line-width", 1.2), null));
        }
        if (mixed || kind.equals("lines")) {
            out.add(new Rule(id, "line", title(layer), "line", "lines", colour,
                    mixed ? List.of("==", "$type", "LineString") : null, null, null,
                    map("line-color", colour, "line-width", 2), null));
        }
        if (mixed || kind.equals("points")) {
            out.add(new Rule(id, "point", title(layer), "circle", "points", colour,
                    mixed ? List.of("==", "$type", "Point") : null, null, null, circle(colour, 4), null));
        }
        Set<String> properties = properties(layer);
        for (String p : LABEL_PROPERTIES) {
            if (properties.contains(p)) {
                out.add(label(id, "label", title(layer) + " (labels)", kind, "#343a40",
                        p, 12, null));
                break;
            }
        }
        return out;
    }

    /** OGC API – Styles geometry type of a layer's geometry type: points, lines, polygons or any. */
    static String kind(String geometryType) {
        String g = geometryType == null ? "" : geometryType.toLowerCase(Locale.ROOT);
        if (g.contains("polygon") || g.contains("surface")) {
            return "polygons";
        }
        if (g.contains("line") || g.contains("curve")) {
            return "lines";
        }
        if (g.contains("point")) {
            return "points";
        }
        return "any";
    }

    private static String title(Layer layer) {
        return layer.title() == null || layer.title().isBlank() ? layer.id() : layer.title();
    }

    // -------------------------------------------------------------- base layers

    private static List<Rule> base() {
        List<Rule> r = new ArrayList<>();
        // land cover under everything
        r.add(fill("landcover", "water", "Water", "#a8d4ec", eq("cover", "water"), "cover", 1.0, null));
        r.add(fill("landcover", "green", "Green land cover", "#d3e8c3", eq("cover", "green"), "cover", 1.0, null));
        r.add(fill("landcover", "paved", "Paved", "#e3e0da", eq("cover", "paved"), "cover", 1.0, null));
        r.add(fill("landcover", "built", "Built-up", "#e9dfd2", eq("cover", "built"), "cover", 1.0, null));
        // ground level as a faint tint over the land cover (cells are in the tiles from level 14), rivers left out
        r.add(fill("ground", "low", "Ground below 1 m NAP", "#4393c3",
                List.of("all", List.of("!has", "water"), List.of("<", "ground_m", 1)), "ground_m", 0.25, 14));
        r.add(fill("ground", "middle", "Ground 1-2 m NAP", "#92c5de",
                List.of("all", List.of("!has", "water"), List.of(">=", "ground_m", 1), List.of("<", "ground_m", 2)),
                "ground_m", 0.2, 14));
        r.add(fill("ground", "high", "Ground 2 m NAP and higher", "#f4a582",
                List.of("all", List.of("!has", "water"), List.of(">=", "ground_m", 2)), "ground_m", 0.2, 14));
        r.add(fill("green", "parks", "Parks", "#a5d68f",
                List.of("all", List.of("==", "$type", "Polygon"), List.of("==", "kind", "park")), "kind", 0.8, null));
        r.add(fill("buildings", "fill", "Buildings", "#d4c4ae", null, null, 1.0, 13));
        r.add(new Rule("buildings", "outline", "Buildings (outline)", "line", "polygons", "#a89276", null, null, 15,
                map("line-color", "#a89276", "line-width", 0.6), null));
        // roads by class, minor under major
        r.add(road("cycleway", "Cycleways", "#2f9e44", 1.2, List.of(2, 1.5)));
        r.add(road("local", "Local roads", "#adb5bd", 1.5, null));
        r.add(road("collector", "Collector roads", "#f0c419", 2.2, null));
        r.add(road("arterial", "Arterial roads", "#f08c00", 3, null));
        r.add(road("motorway", "Motorways", "#d9480f", 4, null));
        // flood defences over the roads
        r.add(new Rule("dikes", "line", "Dikes", "line", "lines", "#7f4f24", null, "crest_m", null,
                map("line-color", "#7f4f24", "line-width", 3), map("line-cap", "round", "line-join", "round")));
        // boundaries
        r.add(new Rule("buurten", "outline", "Buurten (neighbourhoods)", "line", "polygons", "#9775fa", null, null, 12,
                map("line-color", "#9775fa", "line-width", 1, "line-dasharray", List.of(3, 2)), null));
        r.add(new Rule("wijken", "outline", "Wijken (districts)", "line", "polygons", "#5f3dc4", null, null, null,
                map("line-color", "#5f3dc4", "line-width", 2.2), null));
        // points
        r.add(new Rule("green", "trees", "Trees", "circle", "points", "#2b8a3e",
                List.of("all", List.of("==", "$type", "Point"), List.of("==", "kind", "tree")), "kind", 15,
                circle("#2b8a3e", 2.5), null));
        r.add(new Rule("addresses", "point", "Addresses", "circle", "points", "#495057", null, null, 16,
                circle("#495057", 1.8), null));
        r.add(new Rule("facilities", "point", "Facilities", "circle", "points", "#1971c2", null, null, 13,
                circle("#1971c2", 4.5), null));
        r.add(new Rule("sensors", "point", "Sensors", "circle", "points", "#e03131", null, null, null,
                circle("#e03131", 6), null));
        // labels on top
        r.add(label("buurten", "label", "Buurten (names)", "polygons", "#5f3dc4", "name", 11, 13));
        r.add(label("wijken", "label", "Wijken (names)", "polygons", "#3b2a8a", "name", 14, null));
        return List.copyOf(r);
    }

    private static Rule fill(String collection, String suffix, String title, String colour, List<Object> filter,
            String property, double opacity, Integer minzoom) {
        return new Rule(collection, suffix, title, "fill", "polygons", colour, filter, property, minzoom,
                map("fill-color", colour, "fill-opacity", opacity), null);
    }

    private static Rule road(String roadClass, String title, String colour, double width, List<Object> dash) {
        Map<String, Object> paint = map("line-color", colour, "line-width", width);
        if (dash != null) {
            paint.put("line-dasharray", dash);
        }
        return new Rule("roads", roadClass, title, "line", "lines", colour, eq("road_class", roadClass), "road_class",
                null, paint, map("line-cap", "round", "line-join", "round"));
    }

    private static Rule label(String collection, String suffix, String title, String geometry, String colour,
            String property, int size, Integer minzoom) {
        Map<String, Object> layout = map("text-field", "{" + property + "}", "text-font", List.of(FONT),
                "text-size", size);
        Map<String, Object> paint = map("text-color", colour, "text-halo-color", "#ffffff", "text-halo-width", 1.5);
        return new Rule(collection, suffix, title, "symbol", geometry, colour, null, property, minzoom, paint, layout);
    }

    private static Map<String, Object> circle(String colour, double radius) {
        return map("circle-color", colour, "circle-radius", radius, "circle-stroke-color", "#ffffff",
                "circle-stroke-width", 1);
    }

    private static List<Object> eq(String property, String value) {
        return List.of("==", property, value);
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
