package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.buffer.OffsetCurve;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.locationtech.jts.triangulate.DelaunayTriangulationBuilder;

/**
 * The city-wide road network, laid out before any building: the A28 along the east side and two
 * motorway-like N-roads, a ring of arterials around the centre with eight radial arterials, a
 * collector ring around the old town, one collector into every wijk, and cycleways along the
 * rivers and between neighbouring buurten. Every road carries a corridor half width that the
 * building layout keeps free. Local streets are added per buurt by {@link BuildingLayout}.
 */
final class RoadNetwork {
    static final double CX = Terrain.CENTRE_X, CY = Terrain.CENTRE_Y;
    static final double RING_X = 203_100, RING_Y = 502_900, RING_R = 2_300, SINGEL_R = 750;

    final List<Road> roads = new ArrayList<>();

    static double halfWidth(String roadClass) {
        return switch (roadClass) {
            case Road.MOTORWAY -> 24;
            case Road.ARTERIAL -> 13;
            case Road.COLLECTOR -> 9;
            case Road.LOCAL -> 6;
            default -> 3.5;
        };
    }

    static RoadNetwork build(AreaTable areas, Terrain terrain, StreetNames names, long seed) {
        RoadNetwork n = new RoadNetwork();
        SplittableRandom r = Rng.of(seed, 0x40AD5L);
        Geometry ext = Geo.extentPolygon();

        // motorways (A28 in three sections, N35 east, N340 north-east)
        Coordinate[] a28 = {Geo.c(203_900, 495_000), Geo.c(205_000, 497_800), Geo.c(206_300, 500_500),
            Geo.c(206_900, 502_600), Geo.c(207_600, 504_300), Geo.c(209_200, 506_300), Geo.c(211_000, 507_900)};
        n.add(names, "A28", Road.MOTORWAY, 130, Rng.between(r, 70_000, 85_000), heavy(r, 0.12),
                Geo.line(a28[0], a28[1], a28[2]), ext);
        n.add(names, "A28", Road.MOTORWAY, 130, Rng.between(r, 80_000, 100_000), heavy(r, 0.12),
                Geo.line(a28[2], a28[3], a28[4]), ext);
        n.add(names, "A28", Road.MOTORWAY, 130, Rng.between(r, 60_000, 80_000), heavy(r, 0.13),
                Geo.line(a28[4], a28[5], a28[6]), ext);
        n.add(names, "N35", Road.MOTORWAY, 100, Rng.between(r, 60_000, 70_000), heavy(r, 0.11),
                Geo.line(a28[2], Geo.c(208_500, 500_900), Geo.c(211_000, 501_300)), ext);
        n.add(names, "N340", Road.MOTORWAY, 100, Rng.between(r, 60_000, 68_000), heavy(r, 0.12),
                Geo.line(Geo.c(205_700, 505_350), Geo.c(207_500, 507_200), Geo.c(211_000, 509_000)), ext);

        // arterial ring in four quarters
        Polygon ringDisc = Geo.blob(RING_X, RING_Y, RING_R, RING_R, 0, 64, null);
        String[] quarter = {"Ringweg Oost", "Ringweg Noord", "Ringweg West", "Ringweg Zuid"};
        for (int q = 0; q < 4; q++) {
            List<Coordinate> cs = new ArrayList<>();
            for (int i = 0; i <= 16; i++) {
                double a = Math.PI / 2 * q - Math.PI / 4 + Math.PI / 2 * i / 16.0;
                cs.add(Geo.c(RING_X + RING_R * Math.cos(a), RING_Y + RING_R * Math.sin(a)));
            }
            n.add(names, quarter[q], Road.ARTERIAL, 50, Rng.between(r, 18_000, 30_000), heavy(r, 0.07),
                    Geo.GF.createLineString(cs.toArray(new Coordinate[0])), ext);
        }
        // collector ring around the old town
        List<Coordinate> singel = new ArrayList<>();
        for (int i = 0; i <= 48; i++) {
            double a = 2 * Math.PI * i / 48.0;
            singel.add(Geo.c(CX + SINGEL_R * Math.cos(a), CY + SINGEL_R * 0.9 * Math.sin(a)));
        }
        n.add(names, "Stadssingel", Road.COLLECTOR, 50, Rng.between(r, 7_000, 10_000), heavy(r, 0.03),
                Geo.GF.createLineString(singel.toArray(new Coordinate[0])), ext);

        // radial arterials: inner part (inside the ring) 50 km/h, outer part 70 km/h
        Object[][] radials = {
            {"Kamperweg", 196_000.0, 505_600.0}, {"Hasselterweg", 203_400.0, 509_000.0},
            {"Meppelerstraatweg", 206_300.0, 509_000.0}, {"Ommerweg", 211_000.0, 505_000.0},
            {"Almeloseweg", 211_000.0, 502_700.0}, {"Deventerstraatweg", 206_900.0, 495_000.0},
            {"Hattemerweg", 198_900.0, 495_000.0}, {"Katerveerweg", 196_000.0, 500_900.0}};
        for (Object[] rad : radials) {
            double ex = (Double) rad[1], ey = (Double) rad[2];
            double a = Math.atan2(ey - CY, ex - CX);
            Coordinate start = Geo.c(CX + SINGEL_R * Math.cos(a), CY + SINGEL_R * 0.9 * Math.sin(a));
            double mx = (start.x + ex) / 2, my = (start.y + ey) / 2;
            double bend = Rng.uniform(r, -180, 180);
            Coordinate mid = Geo.c(mx - Math.sin(a) * bend, my + Math.cos(a) * bend);
            LineString line = Geo.line(start, mid, Geo.c(ex, ey));
            Geometry inner = Geo.intersection(line, ringDisc);
            Geometry outer = Geo.difference(line, ringDisc);
            String name = (String) rad[0];
            n.add(names, name, Road.ARTERIAL, 50, Rng.between(r, 20_000, 30_000), heavy(r, 0.05), inner, ext);
            n.add(null, name, Road.ARTERIAL, 70, Rng.between(r, 10_000, 20_000), heavy(r, 0.07), outer, ext);
        }

        // one collector into every wijk (to its buurt with most dwellings)
        List<Geometry> mains = new ArrayList<>();
        for (Road road : n.roads) {
            if (!road.roadClass.equals(Road.MOTORWAY)) {
                mains.add(road.geom);
            }
        }
        Geometry mainNet = Geo.GF.buildGeometry(mains);
        TreeMap<String, AreaTable.Buurt> biggest = new TreeMap<>();
        for (AreaTable.Buurt b : areas.buurten()) {
            AreaTable.Buurt cur = biggest.get(b.wijkCode());
            if (cur == null || b.dwellingsOrZero() > cur.dwellingsOrZero()) {
                biggest.put(b.wijkCode(), b);
            }
        }
        for (AreaTable.Buurt b : biggest.values()) {
            if (b.wijkCode().equals("10")) {
                continue;
            }
            Coordinate target = Geo.c(b.x() + Rng.uniform(r, -25, 25), b.y() + Rng.uniform(r, -25, 25));
            Coordinate[] near = DistanceOp.nearestPoints(mainNet, Geo.GF.createPoint(target));
            if (near[0].distance(target) < 250) {
                continue;
            }
            SplittableRandom nr = Rng.of(seed, 0x5EEDL + Integer.parseInt(b.code()));
            String name = names.next(nr, Math.floorMod(Integer.parseInt(b.wijkCode()), StreetNames.THEMES.length),
                    new String[] {"weg", "laan", "allee"});
            n.add(null, name, Road.COLLECTOR, 50, Rng.between(r, 3_000, 10_000), heavy(r, 0.035),
                    Geo.line(near[0], target), ext);
        }

        // cycleways along the rivers (city side) and between neighbouring buurten
        Geometry dike = OffsetCurve.getCurve(terrain.ijssel, -(Terrain.IJSSEL_NO_BUILD + 35));
        n.add(names, "Dijkpad IJssel", Road.CYCLEWAY, null, 0, 0, dike, ext);
        Geometry bank = OffsetCurve.getCurve(terrain.zwarteWater, -(Terrain.ZWARTE_WATER_NO_BUILD + 25));
        n.add(names, "Zwartewaterpad", Road.CYCLEWAY, null, 0, 0, bank, ext);
        List<Coordinate> sites = new ArrayList<>();
        TreeMap<String, AreaTable.Buurt> bySite = new TreeMap<>();
        for (AreaTable.Buurt b : areas.buurten()) {
            if (b.dwellingsOrZero() >= 400) {
                sites.add(Geo.c(b.x(), b.y()));
                bySite.put(siteKey(b.x(), b.y()), b);
            }
        }
        DelaunayTriangulationBuilder dtb = new DelaunayTriangulationBuilder();
        dtb.setSites(sites);
        Geometry edges = dtb.getEdges(Geo.GF);
        TreeMap<String, AreaTable.Buurt[]> pairs = new TreeMap<>();
        for (int i = 0; i < edges.getNumGeometries(); i++) {
            Coordinate[] cs = edges.getGeometryN(i).getCoordinates();
            AreaTable.Buurt b1 = bySite.get(siteKey(cs[0].x, cs[0].y));
            AreaTable.Buurt b2 = bySite.get(siteKey(cs[1].x, cs[1].y));
            if (b1 == null || b2 == null) {
                continue;
            }
            double len = cs[0].distance(cs[1]);
            if (len < 500 || len > 1_600) {
                continue;
            }
            AreaTable.Buurt lo = b1.code().compareTo(b2.code()) < 0 ? b1 : b2;
            AreaTable.Buurt hi = lo == b1 ? b2 : b1;
            pairs.put(lo.code() + "-" + hi.code(), new AreaTable.Buurt[] {lo, hi});
        }
        SplittableRandom cr = Rng.of(seed, 0xC1C1EL);
        for (AreaTable.Buurt[] p : pairs.values()) {
            if (!Rng.chance(cr, 0.45)) {
                continue;
            }
            // start and end a little off the centroids so the paths do not all meet in one block
            Coordinate a = Geo.c(p[0].x() + Rng.uniform(cr, -40, 40), p[0].y() + Rng.uniform(cr, -40, 40));
            Coordinate b = Geo.c(p[1].x() + Rng.uniform(cr, -40, 40), p[1].y() + Rng.uniform(cr, -40, 40));
            String name = "Fietspad " + p[0].name() + " - " + p[1].name();
            n.add(names, name, Road.CYCLEWAY, null, 0, 0, Geo.line(a, b), ext);
        }
        return n;
    }

    private static String siteKey(double x, double y) {
        return Math.round(x) + ":" + Math.round(y);
    }

    private static double heavy(SplittableRandom r, double mean) {
        return Math.round(Geo.clamp(mean * Rng.uniform(r, 0.8, 1.2), 0, 1) * 1000) / 1000.0;
    }

    private void add(StreetNames names, String name, String cls, Integer speed, int intensity, double heavy,
                     Geometry g, Geometry ext) {
        if (names != null) {
            names.reserve(name);
        }
        Geometry clipped = Geo.intersection(g, ext);
        Road road = new Road(name, cls, speed, intensity, heavy, clipped, halfWidth(cls));
        if (!road.isEmpty()) {
            roads.add(road);
        }
    }
}
