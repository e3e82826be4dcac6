package nl.tweeling.process.model.flood;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.CoverageUnion;

/**
 * The flood extent as polygons: the flooded land cells (river cells left out: they are water anyway) grouped by depth
 * class, each 4-connected group of one class merged into one area with its depth figures. Deterministic order: by
 * class, then by the group's first cell (south-west first). Static and stateless: thread-safe.
 */
public final class FloodAreas {

    /** Upper bounds (m) of the depth classes; the last class is open. */
    public static final double[] CLASS_UPPER = {0.5, 1, 2, 4, Double.POSITIVE_INFINITY};
    /** Labels of the depth classes. */
    public static final String[] CLASS_LABEL = {"0-0.5 m", "0.5-1 m", "1-2 m", "2-4 m", "over 4 m"};

    /** One flooded area: its class, polygon (EPSG:28992), cells, area and its depths. */
    public record Area(int depthClass, Geometry geometry, int cells, double areaM2, double minDepthM,
                       double maxDepthM, double meanDepthM) {
        public String label() {
            return CLASS_LABEL[depthClass];
        }

        public double classMinM() {
            return depthClass == 0 ? 0 : CLASS_UPPER[depthClass - 1];
        }

        /** Upper bound of the class, or null for the open last class. */
        public Double classMaxM() {
            return Double.isInfinite(CLASS_UPPER[depthClass]) ? null : CLASS_UPPER[depthClass];
        }
    }

    private FloodAreas() {
    }

    /** Depth class of a depth (m, &gt; 0). */
    public static int depthClass(double depth) {
        int k = 0;
        while (depth >= CLASS_UPPER[k]) {
            k++;
        }
        return k;
    }

    /** The flooded areas of the land cells that are {@code wet} at {@code level}. */
    public static List<Area> of(Grid g, boolean[] wet, double level, GeometryFactory gf) {
        int n = g.cells();
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            cls[i] = wet[i] && !g.water[i] ? depthClass(level - g.ground[i]) : -1;
        }
        boolean[] done = new boolean[n];
        int[] queue = new int[n];
        List<Area> out = new ArrayList<>();
        for (int k = 0; k < CLASS_UPPER.length; k++) {
            for (int start = 0; start < n; start++) {
                if (cls[start] != k || done[start]) {
                    continue;
                }
                int head = 0, tail = 0;
                queue[tail++] = start;
                done[start] = true;
                List<Polygon> squares = new ArrayList<>();
                double min = Double.POSITIVE_INFINITY, max = 0, sum = 0;
                while (head < tail) {
                    int i = queue[head++];
                    double depth = level - g.ground[i];
                    min = Math.min(min, depth);
                    max = Math.max(max, depth);
                    sum += depth;
                    squares.add(g.polygon(i, gf));
                    int col = i % g.columns;
                    int[] next = {col > 0 ? i - 1 : -1, col < g.columns - 1 ? i + 1 : -1,
                            i >= g.columns ? i - g.columns : -1, i + g.columns < n ? i + g.columns : -1};
                    for (int j : next) {
                        if (j >= 0 && !done[j] && cls[j] == k) {
                            done[j] = true;
                            queue[tail++] = j;
                        }
                    }
                }
                Geometry merged = CoverageUnion.union(gf.buildGeometry(squares));
                out.add(new Area(k, merged, tail, tail * g.size * g.size, min, max, sum / tail));
            }
        }
        return out;
    }
}
