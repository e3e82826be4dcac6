package nl.tweeling.tiles;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a layer is cut into vector tiles: the {@code tiles} object of its row in {@code tweeling.layer} (V016).
 * Zoom levels are WebMercatorQuad levels ({@link TileMatrixSet#webMercatorLevel} maps the levels of other sets).
 *
 * <pre>{@code
 * {"minzoom": 13, "maxzoom": 20, "simplify": 0.5, "minSize": 1,
 *  "properties": [{"maxzoom": 14, "only": ["use", "height_m"]}]}
 * }</pre>
 *
 * @param minZoom    the first level the layer has tiles at (default 0); below it a tile request is a 404
 * @param maxZoom    the last level (default {@value #DEFAULT_MAX_ZOOM}); clients zoom further into its tiles
 * @param simplify   Douglas–Peucker tolerance in pixels of the tile (default 0.5), applied in the tile's CRS
 * @param minSize    lines and polygons whose bounding box is smaller than this many pixels on both sides are
 *                   left out (default 1); points are always kept
 * @param properties property choices per range of levels, the first that holds a level decides; a level that
 *                   none holds gets every property the caller may see
 */
public record TileRules(int minZoom, int maxZoom, double simplify, double minSize, List<PropertyRange> properties) {

    public static final int DEFAULT_MAX_ZOOM = 20;

    /** The rules of a layer whose {@code tiles} object is empty. */
    public static final TileRules DEFAULT = new TileRules(0, DEFAULT_MAX_ZOOM, 0.5, 1, List.of());

    private static final Set<String> KEYS = Set.of("minzoom", "maxzoom", "simplify", "minSize", "properties");

    /**
     * The properties of tiles from {@code minZoom} to {@code maxZoom} (WebMercatorQuad levels, inclusive).
     *
     * @param only the property names (as the API serves them) to put in those tiles; names the layer lacks, or the
     *             caller may not see, are left out
     */
    public record PropertyRange(int minZoom, int maxZoom, List<String> only) {

        boolean holds(int zoom) {
            return zoom >= minZoom && zoom <= maxZoom;
        }
    }

    /** True when the layer has tiles at this WebMercatorQuad level. */
    public boolean covers(int webMercatorLevel) {
        return webMercatorLevel >= minZoom && webMercatorLevel <= maxZoom;
    }

    /** The property names for tiles at this level, or null for all. */
    public List<String> propertiesAt(int webMercatorLevel) {
        for (PropertyRange r : properties) {
            if (r.holds(webMercatorLevel)) {
                return r.only();
            }
        }
        return null;
    }

    /**
     * The rules an object of {@code tweeling.layer.tiles} states; missing members take their defaults.
     *
     * @throws IllegalArgumentException naming what is wrong (an operator wrote it; the registry logs it)
     */
    public static TileRules parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return DEFAULT;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("tiles must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("tiles has an unknown member " + name + "; known: " + KEYS);
            }
        }
        int min = level(node, "minzoom", 0);
        int max = level(node, "maxzoom", DEFAULT_MAX_ZOOM);
        if (min > max) {
            throw new IllegalArgumentException("tiles.minzoom is above tiles.maxzoom");
        }
        double simplify = nonNegative(node, "simplify", DEFAULT.simplify);
        double minSize = nonNegative(node, "minSize", DEFAULT.minSize);
        List<PropertyRange> ranges = new ArrayList<>();
        JsonNode props = node.path("properties");
        if (!props.isMissingNode() && !props.isNull()) {
            if (!props.isArray()) {
                throw new IllegalArgumentException("tiles.properties must be an array of {minzoom, maxzoom, only}");
            }
            for (JsonNode r : props) {
                if (!r.isObject() || !r.path("only").isArray()) {
                    throw new IllegalArgumentException("each of tiles.properties needs only: an array of property names");
                }
                List<String> only = new ArrayList<>();
                for (JsonNode n : r.path("only")) {
                    if (!n.isTextual()) {
                        throw new IllegalArgumentException("tiles.properties[].only holds property names (strings)");
                    }
                    only.add(n.asText());
                }
                ranges.add(new PropertyRange(level(r, "minzoom", 0), level(r, "maxzoom", 24), List.copyOf(only)));
            }
        }
        return new TileRules(min, max, simplify, minSize, List.copyOf(ranges));
    }

    private static int level(JsonNode node, String name, int otherwise) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return otherwise;
        }
        if (!v.isIntegralNumber() || v.asInt() < 0 || v.asInt() > 30) {
            throw new IllegalArgumentException("tiles." + name + " must be a whole number from 0 to 30");
        }
        return v.asInt();
    }

    private static double nonNegative(JsonNode node, String name, double otherwise) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return otherwise;
        }
        if (!v.isNumber() || v.asDouble() < 0) {
            throw new IllegalArgumentException("tiles." + name + " must be a number of pixels, 0 or more");
        }
        return v.asDouble();
    }
}
