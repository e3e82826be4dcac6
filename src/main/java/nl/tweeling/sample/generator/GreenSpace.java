package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Parks and trees. A park is an irregular oval placed at the edge of a buurt's expected built-up
 * area, clipped to the buurt and kept out of the water and main-road corridors; parks are laid
 * out before the buildings, which then keep out of them. Trees stand in the parks and along local
 * streets (inside the street corridor), never inside a building or in the water.
 */
final class GreenSpace {
    static final String[] SPECIES = {"Linde", "Zomereik", "Plataan", "Esdoorn", "Beuk", "Ruwe berk", "Zwarte els",
        "Schietwilg", "Paardenkastanje", "Es", "Iep", "Haagbeuk", "Sierpeer", "Japanse kers", "Valse acacia",
        "Moeraseik", "Amberboom", "Gewone esdoorn", "Noorse esdoorn", "Zilverlinde"};

    /** A park. */
    record Park(String name, String buurtCode, MultiPolygon geom) {
    }

    /** A tree with its species. */
    record Tree(String species, Point point) {
    }

    private GreenSpace() {
    }

    static Park park(BuurtProfile p, MultiPolygon cell, double devRadius, Terrain terrain, Geometry majorCorridors,
                     SplittableRandom r) {
        AreaTable.Buurt b = p.buurt;
        String name;
        double areaHa;
        double distFactor;
        switch (b.code()) {
            case "133" -> { name = "Park de Wezenlanden"; areaHa = 9; distFactor = 0.4; }
            case "508" -> { name = "Het Engelse Werk"; areaHa = 14; distFactor = 0.2; }
            case "130" -> { name = "Ter Pelkwijkpark"; areaHa = 3; distFactor = 0.8; }
            default -> {
                boolean eligible = (p.kind == BuurtProfile.Kind.PREWAR || p.kind == BuurtProfile.Kind.POSTWAR
                        || p.kind == BuurtProfile.Kind.SUBURB) && b.dwellingsOrZero() >= 500;
                if (!eligible || !Rng.chance(r, 0.8)) {
                    return null;
                }
                name = "Park " + b.name();
                areaHa = Rng.uniform(r, 2, 7);
                distFactor = Rng.uniform(r, 0.55, 0.9);
            }
        }
        double rad = Math.sqrt(areaHa * 10_000 / Math.PI);
        double a = r.nextDouble() * 2 * Math.PI;
        double dist = devRadius * distFactor;
        double cx = b.x() + dist * Math.cos(a), cy = b.y() + dist * Math.sin(a);
        double rx = rad * Rng.uniform(r, 0.8, 1.25), ry = rad * rad / rx;
        double[] noise = new double[20];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = Rng.uniform(r, 0.88, 1.12);
        }
        Geometry shape = Geo.blob(cx, cy, rx, ry, r.nextDouble() * Math.PI, noise.length, noise);
        Geometry g = Geo.intersection(shape, cell.buffer(-2));
        g = Geo.difference(g, terrain.noBuild);
        if (majorCorridors != null && !majorCorridors.isEmpty()) {
            g = Geo.difference(g, majorCorridors);
        }
        g = Geo.reduce(g);
        MultiPolygon mp = Geo.toMultiPolygon(g);
        if (mp.isEmpty() || mp.getArea() < 5_000) {
            return null;
        }
        return new Park(name, b.code(), mp);
    }

    static List<Tree> trees(List<Park> parks, List<Road> localStreets, STRtree buildingIndex, Terrain terrain,
                            int parkTrees, int streetTrees, SplittableRandom r) {
        List<Tree> out = new ArrayList<>();
        double totalArea = 0;
        double[] w = new double[parks.size()];
        for (int i = 0; i < parks.size(); i++) {
            w[i] = parks.get(i).geom().getArea();
            totalArea += w[i];
        }
        int[] perPark = BuildingLayout.largestRemainder(w, totalArea, parks.isEmpty() ? 0 : parkTrees);
        for (int i = 0; i < parks.size(); i++) {
            MultiPolygon g = parks.get(i).geom();
            PreparedGeometry pg = PreparedGeometryFactory.prepare(g);
            var env = g.getEnvelopeInternal();
            int placed = 0, tries = 0;
            while (placed < perPark[i] && tries < perPark[i] * 50) {
                tries++;
                Point pt = Geo.point(Rng.uniform(r, env.getMinX(), env.getMaxX()), Rng.uniform(r, env.getMinY(), env.getMaxY()));
                if (pg.contains(pt) && free(pt, buildingIndex, terrain)) {
                    out.add(new Tree(Rng.pick(r, SPECIES), pt));
                    placed++;
                }
            }
        }
        List<Road> streets = new ArrayList<>(localStreets);
        Rng.shuffle(r, streets);
        int placedStreet = 0;
        for (Road road : streets) {
            if (placedStreet >= streetTrees) {
                break;
            }
            String species = Rng.pick(r, SPECIES);
            double offset = (road.halfWidth - 1.5) * (r.nextBoolean() ? 1 : -1);
            double spacing = Rng.uniform(r, 10, 15);
            for (LineString ls : Geo.lines(road.geom)) {
                Coordinate[] cs = ls.getCoordinates();
                double carry = spacing / 2;
                for (int i = 0; i + 1 < cs.length && placedStreet < streetTrees; i++) {
                    double dx = cs[i + 1].x - cs[i].x, dy = cs[i + 1].y - cs[i].y;
                    double len = Math.hypot(dx, dy);
                    if (len == 0) {
                        continue;
                    }
                    double nx = -dy / len, ny = dx / len;
                    double pos = carry;
                    while (pos < len && placedStreet < streetTrees) {
                        double x = cs[i].x + dx * pos / len + nx * offset, y = cs[i].y + dy * pos / len + ny * offset;
                        Point pt = Geo.point(x, y);
                        if (Geo.inExtent(x, y) && free(pt, buildingIndex, terrain)) {
                            out.add(new Tree(species, pt));
                            placedStreet++;
                        }
                        pos += spacing;
                    }
                    carry = pos - len;
                }
            }
        }
        return out;
    }

    private static boolean free(Point pt, STRtree buildingIndex, Terrain terrain) {
        if (terrain.waterPrepared.intersects(pt)) {
            return false;
        }
        var env = pt.getEnvelopeInternal();
        env.expandBy(0.5);
        for (Object o : buildingIndex.query(env)) {
            if (((Building) o).footprint.isWithinDistance(pt, 0.5)) {
                return false;
            }
        }
        return true;
    }
}
