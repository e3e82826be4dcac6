package nl.tweeling.tiles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.FeatureView;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.platform.security.Caller;

/**
 * OGC API – Tiles over the layer registry: which layers a tile holds (a collection's, or every base layer the
 * caller may see), their tiles ({@link TileRepository}) and the metadata documents that describe them (tilesets
 * list, tileset, TileJSON). Layers are read from the registry at each request, so a layer an import registers has
 * tiles at once; a layer the caller may not see is a 404 as on the items path, and properties the caller may not
 * see are absent from its tiles.
 */
@ApplicationScoped
public class TileService {

    public static final String MVT = "application/vnd.mapbox-vector-tile";
    public static final String TILEJSON = "application/vnd.mapbox.tile+json";
    static final String JSON = "application/json";
    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final String REL_TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
    static final String REL_TILESETS_VECTOR = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
    static final String REL_GEODATA = "http://www.opengis.net/def/rel/ogc/1.0/geodata";
    static final String REL_DATASET = "http://www.opengis.net/def/rel/ogc/1.0/dataset";
    /** The template variables of a tile in OGC API – Tiles links. */
    static final String TILE_TEMPLATE = "{tileMatrix}/{tileRow}/{tileCol}";

    @Inject
    LayerRegistry registry;

    /** The baseline or the overlay (a scenario at a revision) the tiles of this request come from. */
    @Inject
    FeatureView view;

    @Inject
    TileRulesRepository rules;

    @Inject
    TileRepository tiles;

    @Inject
    TileInvalidation invalidation;

    /** A tile's bytes (empty when no feature is in it) and its strong entity tag (null when empty). */
    public record Tile(byte[] bytes, String etag) {

        public boolean empty() {
            return bytes.length == 0;
        }
    }

    /** The layer of a collection as the caller sees it; one it may not see is a 404 exactly as one that does not exist. */
    public Layer collection(String id, Caller caller) {
        return registry.findVisible(id, caller)
                .orElseThrow(() -> TweelingException.notFound("There is no collection " + id + "."));
    }

    /** The base layers of the city model the caller may see, ordered by id: the layers of the dataset tiles. */
    public List<Layer> datasetLayers(Caller caller) {
        return registry.visible(caller).stream().filter(Layer::base).toList();
    }

    public TileRules rules(Layer layer) {
        return rules.of(layer.id());
    }

    /**
     * The tile of one collection. A tile matrix outside the layer's declared levels is a 404 (OGC API – Tiles:
     * a tile outside the limits of its tileset).
     */
    public Tile collectionTile(Layer layer, TileQuery q) {
        TileRules r = rules(layer);
        if (!r.covers(q.tms().webMercatorLevel(q.level()))) {
            int[] range = levels(r, q.tms());
            throw TweelingException.notFound("Collection " + layer.id() + " has tiles in " + q.tms().id()
                    + (range == null ? " at no tile matrix" : " at tile matrices " + range[0] + " to " + range[1])
                    + "; there is no tile at tile matrix " + q.level() + ".");
        }
        return tile(view.scope() + "collection:" + layer.id(), List.of(cut(layer, r, q)), q);
    }

    /**
     * The dataset tile: one MVT layer per base layer whose levels hold the tile's. A tile matrix that no layer has
     * tiles at is a 404.
     */
    public Tile datasetTile(List<Layer> layers, TileQuery q) {
        List<TileRepository.Cut> cuts = new ArrayList<>();
        for (Layer l : layers) {
            TileRules r = rules(l);
            if (r.covers(q.tms().webMercatorLevel(q.level()))) {
                cuts.add(cut(l, r, q));
            }
        }
        if (cuts.isEmpty()) {
            int[] range = datasetLevels(layers, q.tms());
            throw TweelingException.notFound("The dataset has tiles in " + q.tms().id()
                    + (range == null ? " at no tile matrix" : " at tile matrices " + range[0] + " to " + range[1])
                    + "; there is no tile at tile matrix " + q.level() + ".");
        }
        return tile(view.scope() + "dataset", cuts, q);
    }

    /**
     * The tile from the cache ({@link TileCache}), or made and then kept there unless one of its layers changed
     * meanwhile. The key holds the cuts, so callers who see different properties or layers get different tiles.
     */
    private Tile tile(String scope, List<TileRepository.Cut> cuts, TileQuery q) {
        TileCache cache = invalidation.cache();
        if (!cache.enabled()) {
            byte[] bytes = tiles.tile(cuts, q);
            return new Tile(bytes, bytes.length == 0 ? null : etag(bytes));
        }
        TileCache.Key key = new TileCache.Key(scope, q.tms(), q.level(), q.row(), q.col(), q.at(), TileCache.view(cuts));
        TileCache.Entry hit = cache.get(key);
        if (hit != null) {
            return new Tile(hit.bytes(), hit.etag());
        }
        List<String> layers = cuts.stream().map(c -> c.layer().id()).toList();
        long[] stamp = cache.stamp(layers);
        TileRepository.Made made = tiles.made(cuts, q, true);
        byte[] bytes = made.bytes();
        Tile tile = new Tile(bytes, bytes.length == 0 ? null : etag(bytes));
        cache.put(key, new TileCache.Entry(bytes, tile.etag(), Set.copyOf(layers), made.rd(), made.crs84()), layers,
                stamp);
        return tile;
    }

    /** What a layer's tiles at this tile's level carry: the properties chosen for the level, those the caller sees. */
    TileRepository.Cut cut(Layer layer, TileRules r, TileQuery q) {
        return new TileRepository.Cut(layer, r, properties(layer, r.propertiesAt(q.tms().webMercatorLevel(q.level()))),
                view.relation(layer));
    }

    /** The layer's columns that {@code only} names (all when null), leaving out lineage and untileable columns. */
    static List<Layer.Column> properties(Layer layer, List<String> only) {
        List<Layer.Column> out = new ArrayList<>();
        for (Layer.Column c : layer.columns()) {
            if (LINEAGE.contains(c.name()) || !TileRepository.tileable(c)) {
                continue;
            }
            if (only == null || only.contains(c.property())) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * History and lineage columns: left out of tiles (the features' own pages show them; a tile of a past instant
     * is asked for with datetime).
     */
    static final Set<String> LINEAGE = Set.of("valid_from", "valid_to", "source", "source_run", "source_id",
            "fetched_at", "ingested_at");

    /** A strong entity tag of the tile's bytes: the first 128 bits of their SHA-256, in hex, quoted. */
    static String etag(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when an If-None-Match header names this entity tag (weak comparison, as RFC 9110 has it for GET). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || etag == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ levels

    /** {first, last} tile matrix of the set at which the layer has tiles, or null when none. */
    static int[] levels(TileRules r, TileMatrixSet tms) {
        int first = -1;
        int last = -1;
        for (int level = 0; level <= tms.maxLevel(); level++) {
            if (r.covers(tms.webMercatorLevel(level))) {
                first = first < 0 ? level : first;
                last = level;
            }
        }
        return first < 0 ? null : new int[] {first, last};
    }

    int[] datasetLevels(List<Layer> layers, TileMatrixSet tms) {
        int[] out = null;
        for (Layer l : layers) {
            int[] r = levels(rules(l), tms);
            if (r != null) {
                out = out == null ? r : new int[] {Math.min(out[0], r[0]), Math.max(out[1], r[1])};
            }
        }
        return out;
    }

    // --------------------------------------------------------------- documents

    /**
     * A tilesets list (OGC API – Tiles, /req/tilesets-list): one vector tileset per tile matrix set.
     *
     * @param base the API's base URL with its trailing slash
     * @param path the list's path below it ({@code tiles} or {@code collections/{id}/tiles})
     */
    public Map<String, Object> tilesets(String base, String path, String title, List<Layer> layers) {
        List<Object> sets = new ArrayList<>();
        for (TileMatrixSet tms : TileMatrixSet.values()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("title", title + " (" + tms.id() + ")");
            s.put("dataType", "vector");
            s.put("crs", tms.crs());
            s.put("tileMatrixSetURI", tileMatrixSetUri(base, tms));
            // not in the tileset list item schema, which allows more: what the OGC test suite reads from the list
            s.put("tileMatrixSetId", tms.id());
            s.put("tileMatrixSetLimits", limits(layers, tms));
            s.put("links", List.of(
                    link(base + path + "/" + tms.id(), "self", JSON, title + " in " + tms.id()),
                    link(base + path + "/" + tms.id() + "?f=tilejson", "alternate", TILEJSON,
                            title + " in " + tms.id() + " as TileJSON"),
                    link(base + "tileMatrixSets/" + tms.id(), REL_TILING_SCHEME, JSON, tms.title()),
                    templated(base + path + "/" + tms.id() + "/" + TILE_TEMPLATE, "item", MVT,
                            "Tiles of " + title + " in " + tms.id())));
            sets.add(s);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", List.of(link(base + path, "self", JSON, "Tilesets of " + title)));
        body.put("tilesets", sets);
        return body;
    }

    /** The set's URI in the OGC register, or (for a set not registered there) the URL of our definition. */
    static String tileMatrixSetUri(String base, TileMatrixSet tms) {
        return tms.uri() != null ? tms.uri() : base + "tileMatrixSets/" + tms.id();
    }

    /**
     * A tileset's metadata (OGC API – Tiles, /req/tileset: tileset.json): its tile matrix set, the levels it has
     * tiles at (tileMatrixSetLimits), its layers with their properties, and the tile URL template.
     *
     * @param path      the tileset's path below the base ({@code tiles/WebMercatorQuad}, …)
     * @param data      a link to the data the tiles show (the collection, or the collections)
     * @param datetime  the datetime value asked for, carried into the tile template, or null
     */
    public Map<String, Object> tileset(String base, String path, String title, List<Layer> layers, TileMatrixSet tms,
            Map<String, Object> data, String datetime) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("title", title);
        t.put("dataType", "vector");
        t.put("crs", tms.crs());
        t.put("tileMatrixSetURI", tileMatrixSetUri(base, tms));
        String query = datetime == null ? "" : "?datetime=" + encode(datetime);
        t.put("links", List.of(
                link(base + path + query, "self", JSON, title),
                link(base + path + "?f=tilejson" + (datetime == null ? "" : "&datetime=" + encode(datetime)),
                        "alternate", TILEJSON, title + " as TileJSON"),
                link(base + "tileMatrixSets/" + tms.id(), REL_TILING_SCHEME, JSON, tms.title()),
                templated(base + path + "/" + TILE_TEMPLATE + query, "item", MVT, "Tiles of " + title),
                data));
        t.put("tileMatrixSetLimits", limits(layers, tms));
        double[] bounds = bounds(layers);
        if (bounds != null) {
            t.put("boundingBox", Map.of("lowerLeft", List.of(bounds[0], bounds[1]),
                    "upperRight", List.of(bounds[2], bounds[3]), "crs", CRS84));
        }
        List<Object> described = new ArrayList<>();
        for (Layer l : layers) {
            TileRules r = rules(l);
            int[] lr = levels(r, tms);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", l.id());
            d.put("title", l.title());
            d.put("description", l.description());
            d.put("dataType", "vector");
            Integer dimension = dimension(l.geometryType());
            if (dimension != null) {
                d.put("geometryDimension", dimension);
            }
            if (lr != null) {
                d.put("minTileMatrix", Integer.toString(lr[0]));
                d.put("maxTileMatrix", Integer.toString(lr[1]));
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("feature_id", Map.of("type", "string", "description", "The feature's id (items/{featureId})"));
            for (Layer.Column c : fields(l, r, tms)) {
                props.put(c.property(), Map.of("type", TileRepository.fieldType(c).toLowerCase(java.util.Locale.ROOT)));
            }
            d.put("propertiesSchema", Map.of("type", "object", "properties", props));
            d.put("links", List.of(link(base + "collections/" + l.id(), REL_GEODATA, JSON, l.title())));
            described.add(d);
        }
        t.put("layers", described);
        return t;
    }

    /**
     * TileJSON 3.0.0 of a tileset, for MapLibre and other web maps: the tile URL template ({z}/{y}/{x}, with the
     * datetime asked for), zoom range, bounds (CRS84) and the vector layers with their fields.
     */
    public Map<String, Object> tileJson(String base, String path, String name, String description, List<Layer> layers,
            TileMatrixSet tms, String datetime) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("tilejson", "3.0.0");
        t.put("name", name);
        t.put("description", description);
        t.put("version", "1.0.0");
        Set<String> attributions = new LinkedHashSet<>();
        for (Layer l : layers) {
            if (!l.attribution().isBlank()) {
                attributions.add(l.attribution());
            }
        }
        if (!attributions.isEmpty()) {
            t.put("attribution", String.join("; ", attributions));
        }
        t.put("scheme", "xyz");
        t.put("tiles", List.of(base + path + "/{z}/{y}/{x}" + (datetime == null ? "" : "?datetime=" + encode(datetime))));
        int[] range = layers.size() == 1 ? levels(rules(layers.get(0)), tms) : datasetLevels(layers, tms);
        int min = range == null ? 0 : range[0];
        int max = range == null ? 0 : range[1];
        t.put("minzoom", min);
        t.put("maxzoom", max);
        if (tms != TileMatrixSet.WEB_MERCATOR_QUAD) {
            // not in TileJSON 3.0.0, which knows WebMercatorQuad only; as PDOK writes it for clients that read it
            t.put("crs", "EPSG:" + tms.srid());
        }
        double[] b = bounds(layers);
        if (b != null) {
            t.put("bounds", List.of(b[0], b[1], b[2], b[3]));
            int zoom = Math.max(min, Math.min(max, tms == TileMatrixSet.WEB_MERCATOR_QUAD ? 13 : 8));
            t.put("center", List.of((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, zoom));
        }
        List<Object> vectorLayers = new ArrayList<>();
        for (Layer l : layers) {
            TileRules r = rules(l);
            int[] lr = levels(r, tms);
            if (lr == null) {
                continue;
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", l.id());
            v.put("description", l.title());
            v.put("minzoom", lr[0]);
            v.put("maxzoom", lr[1]);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("feature_id", "String");
            for (Layer.Column c : fields(l, r, tms)) {
                fields.put(c.property(), TileRepository.fieldType(c));
            }
            v.put("fields", fields);
            vectorLayers.add(v);
        }
        t.put("vector_layers", vectorLayers);
        return t;
    }

    /** The properties the layer's tiles carry at some level of the set (the caller sees them all). */
    static List<Layer.Column> fields(Layer layer, TileRules r, TileMatrixSet tms) {
        int[] lr = levels(r, tms);
        if (lr == null) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (int level = lr[0]; level <= lr[1]; level++) {
            List<String> only = r.propertiesAt(tms.webMercatorLevel(level));
            if (only == null) {
                return properties(layer, null);
            }
            names.addAll(only);
        }
        return properties(layer, List.copyOf(names));
    }

    /**
     * The tile matrices the layers have tiles at, each with its whole matrix: tiles within it without features are
     * 204, outside it 404. (A layer's extent changes with every import, so rows and columns are not limited.)
     */
    List<Object> limits(List<Layer> layers, TileMatrixSet tms) {
        List<Object> limits = new ArrayList<>();
        int[] range = layers.size() == 1 ? levels(rules(layers.get(0)), tms) : datasetLevels(layers, tms);
        if (range != null) {
            for (int level = range[0]; level <= range[1]; level++) {
                long last = tms.matrixSize(level) - 1;
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("tileMatrix", Integer.toString(level));
                l.put("minTileRow", 0);
                l.put("maxTileRow", last);
                l.put("minTileCol", 0);
                l.put("maxTileCol", last);
                limits.add(l);
            }
        }
        return limits;
    }

    /** The union of the layers' CRS84 extents, or null when none has one. */
    static double[] bounds(List<Layer> layers) {
        double[] out = null;
        for (Layer l : layers) {
            double[] e = l.extent();
            if (e != null) {
                out = out == null ? e.clone() : new double[] {Math.min(out[0], e[0]), Math.min(out[1], e[1]),
                        Math.max(out[2], e[2]), Math.max(out[3], e[3])};
            }
        }
        return out;
    }

    private static Integer dimension(String geometryType) {
        return switch (geometryType) {
            case "Point", "MultiPoint" -> 0;
            case "LineString", "MultiLineString" -> 1;
            case "Polygon", "MultiPolygon" -> 2;
            default -> null;
        };
    }

    /** The datetime the caller gave, checked (an instant), as it goes back into links; null when absent. */
    public static String datetime(String raw) {
        Instant at = TileQuery.instant(raw);
        return at == null ? null : raw.strip();
    }

    static Map<String, Object> link(String href, String rel, String type, String title) {
        return nl.tweeling.feature.CollectionsResource.link(href, rel, type, title);
    }

    static Map<String, Object> templated(String href, String rel, String type, String title) {
        Map<String, Object> l = link(href, rel, type, title);
        l.put("templated", true);
        return l;
    }

    /** A query value percent-encoded where it must be (a datetime's +, space); : stays readable. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
