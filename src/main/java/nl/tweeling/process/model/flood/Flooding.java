package nl.tweeling.process.model.flood;

import java.util.Arrays;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

/**
 * The high-water spreading rule on a {@link Grid} (docs/models/high-water.md). Not a bathtub: water starts in the
 * river cells and spreads, 4-connected (across cell edges, never across a corner only), to every cell it can reach
 * whose ground lies below the level. A cell crossed by a dike (its closed square touches the dike's line) can only be
 * entered when the highest crest crossing it lies below the level; a breach removes the dikes from the cells near
 * it. Low areas that water cannot reach stay dry.
 *
 * <p>Cost: rasterizing visits the cells around each dike segment; spreading visits each cell at most once and its
 * four neighbours (O(cells)). Static and stateless: thread-safe.
 */
public final class Flooding {

    private Flooding() {
    }

    /**
     * The crest that guards each cell: the highest crest of the dikes crossing it, or {@code NaN} where no dike
     * crosses (or a breach removed them).
     *
     * @param breach null for none
     */
    public static double[] crests(Grid g, List<Dike> dikes, Breach breach) {
        double[] crest = new double[g.cells()];
        Arrays.fill(crest, Double.NaN);
        for (Dike d : dikes) {
            for (int k = 0; k < d.line().getNumGeometries(); k++) {
                Geometry part = d.line().getGeometryN(k);
                if (part instanceof LineString ls) {
                    Coordinate[] cs = ls.getCoordinates();
                    for (int s = 0; s + 1 < cs.length; s++) {
                        mark(g, crest, cs[s], cs[s + 1], d.crestM());
                    }
                }
            }
        }
        if (breach != null) {
            double r = breach.widthM() / 2;
            for (int i = 0; i < crest.length; i++) {
                if (!Double.isNaN(crest[i]) && distance(g, i, breach.x(), breach.y()) < r) {
                    crest[i] = Double.NaN;
                }
            }
        }
        return crest;
    }

    /** Raises the crest of every cell whose closed square the segment a–b touches. */
    private static void mark(Grid g, double[] crest, Coordinate a, Coordinate b, double c) {
        int c0 = clamp((int) Math.floor((Math.min(a.x, b.x) - g.x0) / g.size) - 1, g.columns);
        int c1 = clamp((int) Math.floor((Math.max(a.x, b.x) - g.x0) / g.size) + 1, g.columns);
        int r0 = clamp((int) Math.floor((Math.min(a.y, b.y) - g.y0) / g.size) - 1, g.rows);
        int r1 = clamp((int) Math.floor((Math.max(a.y, b.y) - g.y0) / g.size) + 1, g.rows);
        for (int row = r0; row <= r1; row++) {
            for (int col = c0; col <= c1; col++) {
                double xa = g.x0 + col * g.size, ya = g.y0 + row * g.size;
                if (touches(a, b, xa, ya, xa + g.size, ya + g.size)) {
                    int i = row * g.columns + col;
                    crest[i] = Double.isNaN(crest[i]) ? c : Math.max(crest[i], c);
                }
            }
        }
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }

    /** Whether segment a–b meets the closed rectangle (Liang–Barsky clipping). */
    static boolean touches(Coordinate a, Coordinate b, double xa, double ya, double xb, double yb) {
        double dx = b.x - a.x, dy = b.y - a.y;
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {a.x - xa, xb - a.x, a.y - ya, yb - a.y};
        double t0 = 0, t1 = 1;
        for (int k = 0; k < 4; k++) {
            if (p[k] == 0) {
                if (q[k] < 0) {
                    return false;
                }
            } else {
                double t = q[k] / p[k];
                if (p[k] < 0) {
                    t0 = Math.max(t0, t);
                } else {
                    t1 = Math.min(t1, t);
                }
            }
        }
        return t0 <= t1;
    }

    /** Distance from (x, y) to the closed square of cell i (0 inside it). */
    static double distance(Grid g, int i, double x, double y) {
        double xa = g.minX(i), ya = g.minY(i);
        double dx = Math.max(Math.max(xa - x, 0), x - (xa + g.size));
        double dy = Math.max(Math.max(ya - y, 0), y - (ya + g.size));
        return Math.hypot(dx, dy);
    }

    /** Whether water at {@code level} may stand in cell i: ground below the level, any dike there overtopped. */
    static boolean enterable(Grid g, double[] crest, int i, double level) {
        double ground = g.ground[i];
        return ground < level && (Double.isNaN(crest[i]) || crest[i] < level);
    }

    /**
     * The cells under water at {@code level} (m above NAP): the enterable river cells and every enterable cell
     * 4-connected to them through enterable cells. River cells crossed by a dike count as dike cells.
     */
    public static boolean[] spread(Grid g, double[] crest, double level) {
        int n = g.cells();
        boolean[] wet = new boolean[n];
        int[] queue = new int[n];
        int head = 0, tail = 0;
        for (int i = 0; i < n; i++) {
            if (g.water[i] && enterable(g, crest, i, level)) {
                wet[i] = true;
                queue[tail++] = i;
            }
        }
        while (head < tail) {
            int i = queue[head++];
            int col = i % g.columns;
            if (col > 0) {
                tail = visit(g, crest, level, wet, queue, tail, i - 1);
            }
            if (col < g.columns - 1) {
                tail = visit(g, crest, level, wet, queue, tail, i + 1);
            }
            if (i >= g.columns) {
                tail = visit(g, crest, level, wet, queue, tail, i - g.columns);
            }
            if (i + g.columns < n) {
                tail = visit(g, crest, level, wet, queue, tail, i + g.columns);
            }
        }
        return wet;
    }

    private static int visit(Grid g, double[] crest, double level, boolean[] wet, int[] queue, int tail, int j) {
        if (!wet[j] && enterable(g, crest, j, level)) {
            wet[j] = true;
            queue[tail++] = j;
        }
        return tail;
    }
}
