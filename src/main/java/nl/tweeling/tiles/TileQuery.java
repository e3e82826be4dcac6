package nl.tweeling.tiles;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.time.TimeInterval;

/**
 * A validated tile request: the tile matrix set, the tile (level, row, column) and the instant whose features it
 * shows. Built only by {@link #parse}, which answers as OGC API – Tiles asks: a value that is not a whole number, a
 * malformed {@code datetime} or an unknown parameter is a 400; a set that does not exist or a tile outside the set's
 * levels or matrix is a 404 (a tile that cannot exist is not there). Pure Java.
 *
 * @param tms    the tile matrix set
 * @param level  the tile matrix (zoom level)
 * @param row    the tile row, from the top
 * @param col    the tile column, from the left
 * @param at     the instant whose versions to show, or null for the current features
 */
public record TileQuery(TileMatrixSet tms, int level, long row, long col, Instant at) {

    /** Query parameters a tile request takes. */
    public static final Set<String> PARAMETERS = Set.of("datetime", "f");

    /** The f value of the tile format (Mapbox vector tiles). */
    public static final String MVT = "mvt";

    public static TileQuery parse(String tileMatrixSetId, String tileMatrix, String tileRow, String tileCol,
            Map<String, List<String>> query) {
        checkParameters(query, PARAMETERS, "a tile takes datetime and f=mvt");
        String f = one(query, "f");
        if (f != null && !f.equals(MVT)) {
            throw TweelingException.badParameter("f", "Tiles are Mapbox vector tiles: f may only be mvt.");
        }
        long z = whole("tileMatrix", tileMatrix);
        long row = whole("tileRow", tileRow);
        long col = whole("tileCol", tileCol);
        Instant at = instant(one(query, "datetime"));
        TileMatrixSet tms = tileMatrixSet(tileMatrixSetId);
        if (z < 0 || z > tms.maxLevel()) {
            throw TweelingException.notFound("Tile matrix set " + tms.id() + " has the tile matrices 0 to "
                    + tms.maxLevel() + "; there is no tile matrix " + z + ".");
        }
        int level = (int) z;
        long size = tms.matrixSize(level);
        if (row < 0 || row >= size || col < 0 || col >= size) {
            throw TweelingException.notFound("Tile matrix " + level + " of " + tms.id() + " has rows and columns 0 to "
                    + (size - 1) + "; there is no tile " + level + "/" + row + "/" + col + ".");
        }
        return new TileQuery(tms, level, row, col, at);
    }

    /** The set with this id, or a 404. */
    public static TileMatrixSet tileMatrixSet(String id) {
        return TileMatrixSet.byId(id).orElseThrow(() -> TweelingException.notFound("There is no tile matrix set "
                + printable(id) + "; there are WebMercatorQuad and NetherlandsRDNewQuad."));
    }

    /**
     * The {@code datetime} of a tile or tileset request: an instant (RFC 3339 with offset, read by the items
     * endpoint's parser), or null when absent. An interval is a 400: a tile shows the city at one moment, and two
     * versions of a feature in one tile would cover each other.
     */
    public static Instant instant(String raw) {
        if (raw == null) {
            return null;
        }
        TimeInterval t = TimeInterval.parse("datetime", raw);
        if (t.start() == null || t.end() == null || !t.start().equals(t.end())) {
            throw TweelingException.badParameter("datetime", "datetime of a tile is one instant, such as"
                    + " 2026-11-28T10:00:00Z: the features valid at that moment.");
        }
        return t.start();
    }

    /** Refuses parameters not in {@code allowed}, and any given twice, with a 400 naming it. */
    public static void checkParameters(Map<String, List<String>> query, Set<String> allowed, String what) {
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw TweelingException.badParameter(e.getKey(), "Unknown parameter " + printable(e.getKey()) + "; "
                        + what + ".");
            }
            if (e.getValue().size() > 1) {
                throw TweelingException.badParameter(e.getKey(), e.getKey() + " may be given once.");
            }
        }
    }

    /** The single value of a parameter, or null when absent or empty. */
    public static String one(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() || v.get(0) == null || v.get(0).isEmpty() ? null : v.get(0);
    }

    /**
     * A path segment as a whole number: ASCII digits with an optional minus (a negative row is a tile outside the
     * matrix, so a 404, not a malformed request); more digits than a long holds count as outside too.
     */
    static long whole(String parameter, String raw) {
        String s = raw == null ? "" : raw;
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() > 40) {
            throw notWhole(parameter);
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw notWhole(parameter);
            }
        }
        if (s.length() - start > 12) {
            return start == 1 ? -1 : Long.MAX_VALUE;
        }
        return Long.parseLong(s);
    }

    private static TweelingException notWhole(String parameter) {
        return TweelingException.badParameter(parameter, parameter + " must be a whole number (a tile is"
                + " {tileMatrix}/{tileRow}/{tileCol}, e.g. 14/5372/8436).");
    }

    static String printable(String s) {
        String p = s == null ? "" : s.replaceAll("[^\\p{Print}]", "?");
        return p.length() > 40 ? p.substring(0, 40) + "…" : p;
    }
}
