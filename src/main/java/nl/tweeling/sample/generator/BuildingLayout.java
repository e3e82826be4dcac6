package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/**
 * Lays out one buurt: a rotated street grid centred on the buurt's real centroid, frontages on
 * both sides of every street ranked by distance to the centroid, and the buurt's building
 * programme placed frontage by frontage. A footprint is accepted only if the buurt's buildable
 * area (cell minus water and river banks, main-road corridors and parks) covers it; footprints
 * stay inside their own block half between the street corridors and keep a gap to their
 * neighbours, so buildings never overlap each other and never touch a road centre line. Local
 * streets are emitted for the blocks actually used, and the dwelling target is distributed
 * exactly over the placed residential buildings.
 */
final class BuildingLayout {

    /** The outcome for one buurt. */
    static final class Result {
        final List<Building> buildings = new ArrayList<>();
        final List<Road> streets = new ArrayList<>();
        final Map<Integer, String> streetNames = new TreeMap<>();
        Geometry devZone;
        int programmed;
    }

    private record Segment(int m, int k, boolean high, double uStart, double uEnd, double vFront, double maxDepth,
                           double rank) {
    }

    private BuildingLayout() {
    }

    static Result place(BuurtProfile p, MultiPolygon cell, PreparedGeometry buildable, List<Spec> program,
                        StreetNames names, SplittableRandom r) {
        Result res = new Result();
        res.programmed = program.size();
        AreaTable.Buurt b = p.buurt;
        double angle = Rng.uniform(r, -0.6, 0.6);
        Frame f = Frame.of(b.x(), b.y(), angle);
        double s = p.s, t = p.t, hw = p.hw;

        double umin = Double.MAX_VALUE, umax = -Double.MAX_VALUE, vmin = Double.MAX_VALUE, vmax = -Double.MAX_VALUE;
        for (Coordinate c : cell.getCoordinates()) {
            double u = f.u(c.x, c.y), v = f.v(c.x, c.y);
            umin = Math.min(umin, u);
            umax = Math.max(umax, u);
            vmin = Math.min(vmin, v);
            vmax = Math.max(vmax, v);
        }
        int k0 = (int) Math.floor(vmin / s + 0.5), k1 = (int) Math.floor(vmax / s + 0.5);
        int m0 = (int) Math.floor(umin / t + 0.5), m1 = (int) Math.floor(umax / t + 0.5);
        Envelope cellEnv = cell.getEnvelopeInternal();

        List<Segment> segs = new ArrayList<>();
        for (int k = k0; k <= k1; k++) {
            for (int m = m0; m <= m1; m++) {
                double uS = (m - 0.5) * t + hw + 1.0, uE = (m + 0.5) * t - hw - 1.0;
                for (int side = 0; side < 2; side++) {
                    boolean high = side == 0;
                    double setback = Rng.uniform(r, p.setMin, p.setMax);
                    double vStreet = high ? (k - 0.5) * s : (k + 0.5) * s;
                    double vFront = high ? vStreet + hw + setback : vStreet - hw - setback;
                    double maxDepth = s / 2 - hw - setback - 0.75;
                    double vBack = high ? vFront + maxDepth : vFront - maxDepth;
                    Polygon strip = rect(f, uS, uE, Math.min(vFront, vBack), Math.max(vFront, vBack));
                    if (!cellEnv.intersects(strip.getEnvelopeInternal()) || !buildable.intersects(strip)) {
                        continue;
                    }
                    double mu = (uS + uE) / 2, mv = (vFront + vBack) / 2;
                    // rural: ribbon development along a few long roads through the centroid
                    double vWeight = p.kind == BuurtProfile.Kind.RURAL ? 6 : 1;
                    double rank = Math.hypot(mu, mv * vWeight) * Rng.uniform(r, p.jitterMin, p.jitterMax);
                    segs.add(new Segment(m, k, high, uS, uE, vFront, maxDepth, rank));
                }
            }
        }
        segs.sort(Comparator.comparingDouble(Segment::rank).thenComparingInt(Segment::k)
                .thenComparingInt(Segment::m).thenComparing(sg -> sg.high() ? 0 : 1));

        // spread a small programme over a large cell by widening the gaps (bounded per character)
        double avail = 0, sumW = 0;
        for (Segment sg : segs) {
            avail += sg.uEnd() - sg.uStart();
        }
        for (Spec sp : program) {
            sumW += sp.w;
        }
        double avgGap = (p.gapMin + p.gapMax) / 2;
        double spread = program.isEmpty() ? 1
                : Geo.clamp((0.7 * avail - sumW) / (program.size() * avgGap), 1, p.maxSpread);

        long placeSeed = r.nextLong();
        List<Building> placed = placeAll(p, f, segs, buildable, program, spread, new SplittableRandom(placeSeed));
        if (placed.size() < program.size() && spread > 1) {
            // the spread left programme items without room: pack tightly instead
            placed = placeAll(p, f, segs, buildable, program, 1, new SplittableRandom(placeSeed));
        }
        res.buildings.addAll(placed);
        allocateDwellings(res.buildings, BuurtProfile.dwellingTarget(b));
        streets(p, f, cell, res, names, r);
        return res;
    }

    private static List<Building> placeAll(BuurtProfile p, Frame f, List<Segment> segs, PreparedGeometry buildable,
                                           List<Spec> program, double spread, SplittableRandom r) {
        List<Building> out = new ArrayList<>();
        String code = p.buurt.code();
        int si = 0;
        double cursor = segs.isEmpty() ? 0 : segs.get(0).uStart();
        for (Spec spec : program) {
            boolean placed = false;
            while (si < segs.size() && !placed) {
                Segment sg = segs.get(si);
                double segLen = sg.uEnd() - sg.uStart();
                double w = Math.min(spec.w, segLen);
                double d = Math.min(spec.d, sg.maxDepth());
                if (w < 4 || d < 4 || cursor + w > sg.uEnd()) {
                    si++;
                    if (si < segs.size()) {
                        cursor = segs.get(si).uStart();
                    }
                    continue;
                }
                double u0 = cursor, u1 = cursor + w;
                double de = 0, ww = 0;
                boolean wingLeft = r.nextBoolean();
                if (spec.lShape) {
                    de = Math.min(d * Rng.uniform(r, 0.4, 0.7), sg.maxDepth() - d);
                    ww = w * Rng.uniform(r, 0.35, 0.5);
                    if (de < 3 || ww < 3) {
                        de = 0;
                    }
                }
                Polygon fp = footprint(f, u0, u1, sg.vFront(), d, de, ww, wingLeft, sg.high());
                if (buildable.covers(fp)) {
                    double vA = sg.high() ? sg.vFront() : sg.vFront() - d;
                    int street = sg.high() ? sg.k() : sg.k() + 1;
                    Building bl = new Building(code, spec, fp, f, u0, u1, vA, vA + d, street, sg.high(), sg.m(),
                            sg.k());
                    out.add(bl);
                    cursor = u1 + Rng.uniform(r, p.gapMin, p.gapMax) * spread;
                    placed = true;
                } else {
                    cursor += Math.max(3.0, Math.min(w / 2, 12.0));
                }
            }
            if (!placed) {
                break;
            }
        }
        return out;
    }

    private static Polygon rect(Frame f, double u0, double u1, double v0, double v1) {
        Coordinate[] cs = {f.world(u0, v0), f.world(u1, v0), f.world(u1, v1), f.world(u0, v1), null};
        cs[4] = new Coordinate(cs[0]);
        return Geo.GF.createPolygon(cs);
    }

    /** Rectangle or L-shape in local coordinates, converted to world coordinates rounded to 1 cm. */
    private static Polygon footprint(Frame f, double u0, double u1, double vF, double d, double de, double ww,
                                     boolean wingLeft, boolean high) {
        double[][] loc;
        if (de <= 0) {
            loc = new double[][] {{u0, 0}, {u1, 0}, {u1, d}, {u0, d}};
        } else if (wingLeft) {
            loc = new double[][] {{u0, 0}, {u1, 0}, {u1, d}, {u0 + ww, d}, {u0 + ww, d + de}, {u0, d + de}};
        } else {
            loc = new double[][] {{u0, 0}, {u1, 0}, {u1, d + de}, {u1 - ww, d + de}, {u1 - ww, d}, {u0, d}};
        }
        Coordinate[] cs = new Coordinate[loc.length + 1];
        for (int i = 0; i < loc.length; i++) {
            double v = high ? vF + loc[i][1] : vF - loc[i][1];
            cs[i] = f.worldCm(loc[i][0], v);
        }
        cs[loc.length] = new Coordinate(cs[0]);
        return Geo.GF.createPolygon(cs);
    }

    /**
     * Distributes exactly {@code target} dwellings over the residential buildings: nominal
     * programme units first, then any shortfall (programme items that found no room) spread by
     * floor area, or any excess taken back from the largest buildings. Heights are raised where a
     * building needs more floors for its dwellings.
     */
    static void allocateDwellings(List<Building> bs, int target) {
        List<Building> res = new ArrayList<>();
        for (Building b : bs) {
            if (b.spec.residential()) {
                res.add(b);
            } else {
                b.dwellings = 0;
            }
        }
        if (target > 0 && res.isEmpty()) {
            for (Building b : bs) {
                if (b.spec.facility == null) {
                    b.spec.use = Spec.RESIDENTIAL;
                    res.add(b);
                    break;
                }
            }
            if (res.isEmpty()) {
                throw new IllegalStateException("no room for any dwelling in buurt "
                        + (bs.isEmpty() ? "?" : bs.get(0).buurtCode));
            }
        }
        int sum = 0;
        for (Building b : res) {
            b.dwellings = Math.max(1, b.spec.units);
            sum += b.dwellings;
        }
        int diff = target - sum;
        if (diff > 0) {
            double[] wgt = new double[res.size()];
            double tot = 0;
            for (int i = 0; i < res.size(); i++) {
                Building b = res.get(i);
                wgt[i] = b.area() * Math.max(1, Math.floor(b.height / 3.0));
                tot += wgt[i];
            }
            int[] add = largestRemainder(wgt, tot, diff);
            for (int i = 0; i < res.size(); i++) {
                res.get(i).dwellings += add[i];
            }
        } else if (diff < 0) {
            List<Building> sorted = new ArrayList<>(res);
            sorted.sort(Comparator.comparingInt((Building x) -> -x.dwellings));
            int idx = 0;
            int guard = 0;
            while (diff < 0 && guard < 10_000_000) {
                Building x = sorted.get(idx % sorted.size());
                if (x.dwellings > 1) {
                    x.dwellings--;
                    diff++;
                }
                idx++;
                guard++;
                if (idx % sorted.size() == 0 && sorted.stream().allMatch(y -> y.dwellings <= 1)) {
                    break;
                }
            }
            for (int i = res.size() - 1; i >= 0 && diff < 0; i--) {
                Building x = res.get(i);
                x.spec.use = Spec.OTHER;
                x.dwellings = 0;
                diff++;
            }
        }
        for (Building b : res) {
            if (b.dwellings > 1 && b.spec.residential()) {
                double floors = Math.ceil(b.dwellings * 90.0 / b.area());
                double need = floors * 3.0 + 1.0;
                if (need > b.height) {
                    b.height = Math.min(60.0, need);
                }
            }
        }
    }

    /** Hamilton apportionment of {@code n} over weights. */
    static int[] largestRemainder(double[] w, double total, int n) {
        int[] out = new int[w.length];
        if (w.length == 0 || n == 0) {
            return out;
        }
        double[] rem = new double[w.length];
        int given = 0;
        for (int i = 0; i < w.length; i++) {
            double q = total > 0 ? n * w[i] / total : (double) n / w.length;
            out[i] = (int) Math.floor(q);
            rem[i] = q - out[i];
            given += out[i];
        }
        Integer[] idx = new Integer[w.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, bb) -> rem[a] != rem[bb] ? Double.compare(rem[bb], rem[a]) : Integer.compare(a, bb));
        for (int i = 0; given < n; i = (i + 1) % idx.length) {
            out[idx[i]]++;
            given++;
        }
        return out;
    }

    private static void streets(BuurtProfile p, Frame f, MultiPolygon cell, Result res, StreetNames names,
                                SplittableRandom r) {
        double s = p.s, t = p.t;
        TreeSet<Long> blocks = new TreeSet<>();
        TreeMap<Integer, int[]> rowsByStreet = new TreeMap<>(); // street j -> [mMin, mMax]
        TreeMap<Integer, int[]> colsByCross = new TreeMap<>();  // cross m' -> [kMin, kMax]
        boolean rural = p.kind == BuurtProfile.Kind.RURAL;
        List<Geometry> yards = new ArrayList<>();
        for (Building b : res.buildings) {
            blocks.add(((long) b.blockU << 32) ^ (b.blockV & 0xffffffffL));
            if (rural) {
                // rural roads: only the streets farms actually face, no cross streets
                rowsByStreet.merge(b.street, new int[] {b.blockU, b.blockU},
                        (a, bb) -> new int[] {Math.min(a[0], bb[0]), Math.max(a[1], bb[1])});
                yards.add(b.footprint.buffer(15, 2));
            }
        }
        List<Geometry> blockPolys = new ArrayList<>();
        TreeMap<Integer, TreeSet<Integer>> blocksByRow = new TreeMap<>();
        for (long key : blocks) {
            int m = (int) (key >> 32), k = (int) key;
            if (rural) {
                continue;
            }
            for (int j : new int[] {k, k + 1}) {
                rowsByStreet.merge(j, new int[] {m, m}, (a, bb) -> new int[] {Math.min(a[0], bb[0]), Math.max(a[1], bb[1])});
            }
            for (int mm : new int[] {m, m + 1}) {
                colsByCross.merge(mm, new int[] {k, k}, (a, bb) -> new int[] {Math.min(a[0], bb[0]), Math.max(a[1], bb[1])});
            }
            blocksByRow.computeIfAbsent(k, x -> new TreeSet<>()).add(m);
        }
        // one rectangle per run of adjacent blocks in a row keeps the union cheap
        for (Map.Entry<Integer, TreeSet<Integer>> row : blocksByRow.entrySet()) {
            int k = row.getKey();
            Integer runStart = null, prev = null;
            for (int m : row.getValue()) {
                if (runStart == null) {
                    runStart = m;
                } else if (m != prev + 1) {
                    blockPolys.add(rect(f, (runStart - 0.5) * t, (prev + 0.5) * t, (k - 0.5) * s, (k + 0.5) * s));
                    runStart = m;
                }
                prev = m;
            }
            blockPolys.add(rect(f, (runStart - 0.5) * t, (prev + 0.5) * t, (k - 0.5) * s, (k + 0.5) * s));
        }
        List<Geometry> zone = rural ? yards : blockPolys;
        res.devZone = zone.isEmpty() ? Geo.GF.createMultiPolygon() : Geo.intersection(Geo.union(zone), cell);

        int target = BuurtProfile.dwellingTarget(p.buurt);
        boolean promote = target >= 900 && (p.kind == BuurtProfile.Kind.PREWAR || p.kind == BuurtProfile.Kind.POSTWAR
                || p.kind == BuurtProfile.Kind.SUBURB);
        int promoteStreet = Integer.MIN_VALUE;
        if (promote) {
            int best = -1;
            for (Map.Entry<Integer, int[]> e : rowsByStreet.entrySet()) {
                int len = e.getValue()[1] - e.getValue()[0];
                if (len > best) {
                    best = len;
                    promoteStreet = e.getKey();
                }
            }
        }
        for (Map.Entry<Integer, int[]> e : rowsByStreet.entrySet()) {
            int j = e.getKey();
            double v = (j - 0.5) * s;
            double ua = (e.getValue()[0] - 0.5) * t, ub = (e.getValue()[1] + 0.5) * t;
            Geometry line = Geo.intersection(Geo.line(f.world(ua, v), f.world(ub, v)), cell);
            String name = names.next(r, p.theme, p.suffixes);
            res.streetNames.put(j, name);
            boolean collector = j == promoteStreet;
            Road road = collector
                    ? new Road(name, Road.COLLECTOR, 50, Rng.between(r, 3_000, 10_000),
                            Math.round(Rng.uniform(r, 0.02, 0.05) * 1000) / 1000.0, line, p.hw)
                    : localRoad(name, line, p, r);
            if (!road.isEmpty()) {
                res.streets.add(road);
            }
        }
        for (Map.Entry<Integer, int[]> e : colsByCross.entrySet()) {
            int mm = e.getKey();
            double u = (mm - 0.5) * t;
            double va = (e.getValue()[0] - 0.5) * s, vb = (e.getValue()[1] + 0.5) * s;
            Geometry line = Geo.intersection(Geo.line(f.world(u, va), f.world(u, vb)), cell);
            if (line.getLength() < 20) {
                continue;
            }
            String name = names.next(r, p.theme, p.suffixes);
            Road road = localRoad(name, line, p, r);
            if (!road.isEmpty()) {
                res.streets.add(road);
            }
        }
    }

    private static Road localRoad(String name, Geometry line, BuurtProfile p, SplittableRandom r) {
        int intensity = p.kind == BuurtProfile.Kind.RURAL ? Rng.between(r, 200, 800) : Rng.between(r, 200, 2_000);
        double heavy = p.kind == BuurtProfile.Kind.INDUSTRIAL ? Rng.uniform(r, 0.02, 0.08) : Rng.uniform(r, 0, 0.02);
        return new Road(name, Road.LOCAL, 30, intensity, Math.round(heavy * 1000) / 1000.0, line, p.hw);
    }
}
