package nl.tweeling.sample.generator;

import java.util.SplittableRandom;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.distance.DistanceOp;

/**
 * Rivers and ground level. The IJssel runs along the south-west and west of the extent, the
 * Zwarte Water leaves the city to the north-west; both are water bands (buffers of hand-drawn
 * centre lines, clipped to the extent). Ground level (m above NAP) is lowest along the IJssel
 * (about 0–1 m), rises towards the slightly raised old centre (about 2–2.5 m) and the east
 * (up to about 4 m), with smooth seeded undulation; per-building noise is added by callers.
 */
final class Terrain {
    static final double IJSSEL_HALF_WIDTH = 70, IJSSEL_NO_BUILD = 200;
    static final double ZWARTE_WATER_HALF_WIDTH = 30, ZWARTE_WATER_NO_BUILD = 60;
    static final double CENTRE_X = 202_980, CENTRE_Y = 503_020;

    final LineString ijssel = Geo.line(
            Geo.c(205_000, 494_500), Geo.c(204_900, 495_000), Geo.c(204_500, 496_300), Geo.c(203_300, 497_600),
            Geo.c(202_400, 498_800), Geo.c(201_700, 500_000), Geo.c(200_900, 501_300), Geo.c(199_600, 502_200),
            Geo.c(198_000, 503_100), Geo.c(196_000, 504_100), Geo.c(195_500, 504_350));
    final LineString zwarteWater = Geo.line(
            Geo.c(202_300, 503_200), Geo.c(201_850, 503_750), Geo.c(201_450, 504_400), Geo.c(201_450, 505_300),
            Geo.c(201_900, 506_100), Geo.c(202_300, 507_000), Geo.c(202_500, 508_000), Geo.c(202_700, 509_000),
            Geo.c(202_750, 509_500));
    /** Water polygons (clipped to the extent). */
    final Geometry ijsselWater, zwarteWaterWater, water;
    /** Area where nothing may be built (water plus floodplain / banks). */
    final Geometry noBuild;
    final PreparedGeometry waterPrepared;
    private final double[] phase = new double[6];

    Terrain(long seed) {
        Geometry ext = Geo.extentPolygon();
        ijsselWater = Geo.intersection(ijssel.buffer(IJSSEL_HALF_WIDTH, 8), ext);
        zwarteWaterWater = Geo.intersection(zwarteWater.buffer(ZWARTE_WATER_HALF_WIDTH, 8), ext);
        water = Geo.union(java.util.List.of(ijsselWater, zwarteWaterWater));
        noBuild = Geo.union(java.util.List.of(ijssel.buffer(IJSSEL_NO_BUILD, 8), zwarteWater.buffer(ZWARTE_WATER_NO_BUILD, 8)));
        waterPrepared = PreparedGeometryFactory.prepare(water);
        SplittableRandom r = Rng.of(seed, 0x7E44A1L);
        for (int i = 0; i < phase.length; i++) {
            phase[i] = r.nextDouble() * 2 * Math.PI;
        }
    }

    double distanceToIJssel(double x, double y) {
        Point p = Geo.GF.createPoint(new Coordinate(x, y));
        return DistanceOp.distance(ijssel, p);
    }

    /** Smooth ground level in m above NAP at (x, y), without per-building noise. */
    double groundLevel(double x, double y) {
        double d = distanceToIJssel(x, y);
        double river = 0.15 + 0.95 * Math.min(1.0, d / 1800.0);
        double east = 2.6 * Geo.clamp((x - 199_000) / 12_000.0, 0, 1);
        double r = Math.hypot(x - CENTRE_X, y - CENTRE_Y);
        double centre = 0.6 * Math.exp(-(r / 650.0) * (r / 650.0));
        double und = 0.18 * Math.sin(x / 730.0 + phase[0]) * Math.cos(y / 910.0 + phase[1])
                + 0.12 * Math.sin((x + y) / 1370.0 + phase[2]);
        return Math.max(-0.4, river + east + centre + und);
    }
}
