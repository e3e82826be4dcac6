package nl.tweeling.tiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tile matrix sets Tweeling serves tiles in, as the OGC Two Dimensional Tile Matrix Set standard
 * (OGC 17-083r4, version 2.0) defines them: quad trees whose level 0 is one 256 × 256 tile, each level halving
 * the cell size, tiles numbered from the top left corner (row down, column right).
 *
 * <ul>
 * <li>{@link #WEB_MERCATOR_QUAD}: the standard's WebMercatorQuad (annex D.1), EPSG:3857, levels 0–24: what
 * MapLibre, OpenLayers and every web map read.</li>
 * <li>{@link #NETHERLANDS_RD_NEW_QUAD}: NetherlandsRDNewQuad as PDOK serves it (and Geonovum's
 * "praktijkrichtlijn vector tiling" publishes it): EPSG:28992, origin (-285401.92, 903401.92), cell size
 * 3440.64 m at level 0 (scale 1:12,288,000), levels 0–16.</li>
 * </ul>
 *
 * <p>Zoom limits of layers ({@link TileRules}) are written as WebMercatorQuad levels; a level of another set
 * counts as the WebMercatorQuad level of about the same ground resolution at the twin's latitude
 * ({@link #webMercatorLevel}). Pure Java; immutable.
 */
public enum TileMatrixSet {

    WEB_MERCATOR_QUAD("WebMercatorQuad", "Google Maps Compatible for the World",
            "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad",
            "http://www.opengis.net/def/crs/EPSG/0/3857", 3857,
            "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
            -20037508.3427892, 20037508.3427892, 156543.033928041, 24),

    NETHERLANDS_RD_NEW_QUAD("NetherlandsRDNewQuad", "Amersfoort / RD New scheme for the Netherlands",
            null,
            "http://www.opengis.net/def/crs/EPSG/0/28992", 28992,
            "urn:ogc:def:wkss:OGC:1.0:NLDEPSG28992Scale",
            -285401.92, 903401.92, 3440.64, 16);

    /** Pixel size of the standardized rendering ("0.28 mm"), which relates cell size and scale denominator. */
    static final double PIXEL_SIZE_M = 0.00028;

    /** Pixels per tile side, in every level of both sets. */
    public static final int TILE_SIZE = 256;

    /**
     * The latitude at which levels of the sets are compared (Zwolle, 52.5° N): there a WebMercatorQuad cell is
     * {@code cos(52.5°)} times its nominal size on the ground.
     */
    static final double TWIN_LATITUDE = 52.5;

    private final String id;
    private final String title;
    private final String uri;
    private final String crs;
    private final int srid;
    private final String wellKnownScaleSet;
    private final double originX;
    private final double originY;
    private final double cellSize0;
    private final int maxLevel;

    TileMatrixSet(String id, String title, String uri, String crs, int srid, String wellKnownScaleSet,
            double originX, double originY, double cellSize0, int maxLevel) {
        this.id = id;
        this.title = title;
        this.uri = uri;
        this.crs = crs;
        this.srid = srid;
        this.wellKnownScaleSet = wellKnownScaleSet;
        this.originX = originX;
        this.originY = originY;
        this.cellSize0 = cellSize0;
        this.maxLevel = maxLevel;
    }

    /** The set with this id (exactly as spelled in the standard), or empty. */
    public static Optional<TileMatrixSet> byId(String id) {
        for (TileMatrixSet t : values()) {
            if (t.id.equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The set's URI in the OGC definitions register, or null for a set that is not registered there. */
    public String uri() {
        return uri;
    }

    /** The URI of the set's CRS. */
    public String crs() {
        return crs;
    }

    public int srid() {
        return srid;
    }

    public int maxLevel() {
        return maxLevel;
    }

    /** Cell (pixel) size of a level in CRS units (metres). */
    public double cellSize(int level) {
        return cellSize0 / (1L << level);
    }

    /** Tiles per row and per column of a level. */
    public long matrixSize(int level) {
        return 1L << level;
    }

    /** Width (and height) of the whole set in CRS units: one tile of level 0. */
    public double extentSize() {
        return cellSize0 * TILE_SIZE;
    }

    /** {minX, minY, maxX, maxY} of the whole set in its CRS: the bounds PostGIS' ST_TileEnvelope divides. */
    public double[] bounds() {
        return new double[] {originX, originY - extentSize(), originX + extentSize(), originY};
    }

    /**
     * The WebMercatorQuad level whose cells are about as large on the ground, at the twin's latitude, as the
     * cells of {@code level} of this set: the level itself for WebMercatorQuad; for NetherlandsRDNewQuad the
     * level + 5 (its level 0 cell of 3440.64 m equals WebMercatorQuad level 4.79 there).
     */
    public int webMercatorLevel(int level) {
        if (this == WEB_MERCATOR_QUAD) {
            return level;
        }
        double groundCell0 = WEB_MERCATOR_QUAD.cellSize0 * Math.cos(Math.toRadians(TWIN_LATITUDE));
        return level + (int) Math.round(Math.log(groundCell0 / cellSize0) / Math.log(2));
    }

    /** The set as its JSON encoding (OGC 17-083r4, TileMatrixSet JSON schema), without links. */
    public Map<String, Object> definition() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("title", title);
        if (uri != null) {
            d.put("uri", uri);
        }
        d.put("crs", crs);
        d.put("orderedAxes", List.of("X", "Y"));
        d.put("wellKnownScaleSet", wellKnownScaleSet);
        double[] b = bounds();
        d.put("boundingBox", Map.of("lowerLeft", List.of(b[0], b[1]), "upperRight", List.of(b[2], b[3]), "crs", crs,
                "orderedAxes", List.of("X", "Y")));
        List<Map<String, Object>> matrices = new ArrayList<>();
        for (int level = 0; level <= maxLevel; level++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", Integer.toString(level));
            m.put("scaleDenominator", cellSize(level) / PIXEL_SIZE_M);
            m.put("cellSize", cellSize(level));
            m.put("cornerOfOrigin", "topLeft");
            m.put("pointOfOrigin", List.of(originX, originY));
            m.put("tileWidth", TILE_SIZE);
            m.put("tileHeight", TILE_SIZE);
            m.put("matrixWidth", matrixSize(level));
            m.put("matrixHeight", matrixSize(level));
            matrices.add(m);
        }
        d.put("tileMatrices", matrices);
        return d;
    }
}
