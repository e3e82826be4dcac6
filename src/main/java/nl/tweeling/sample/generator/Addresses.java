package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;

/**
 * Address points. A residential building gets one address per dwelling, any other building one
 * address. Points lie inside the building's main rectangle (one per unit along a terrace, a grid
 * for apartment blocks). Addresses are numbered per street side along the street, even numbers on
 * one side and odd on the other; postcodes are a four-digit area 8000–8049 per buurt plus two
 * letters per run of addresses on one street side. Residents (0–6 per address, on residential
 * addresses only) add up exactly to the buurt's real 2024 residents.
 */
final class Addresses {
    static final int MAX_RESIDENTS = 6;
    private static final String LETTERS = "ABCDEGHJKLMNPRSTVWXZ";

    /** One address. */
    static final class Address {
        String id;
        final Building building;
        final String street;
        final int number;
        final String postcode;
        int residents;
        final Point point;

        Address(Building building, String street, int number, String postcode, Point point) {
            this.building = building;
            this.street = street;
            this.number = number;
            this.postcode = postcode;
            this.point = point;
        }
    }

    private final Map<Integer, Integer> nextPair = new TreeMap<>();
    final List<Address> all = new ArrayList<>();

    /** Postcode area (PC4) of the buurt at {@code index} (in code order) among {@code count} buurten. */
    static int pc4(int index, int count) {
        return 8000 + (int) ((long) index * 50 / count);
    }

    /** Creates the addresses of one buurt (buildings in placement order) and assigns its residents. */
    void addBuurt(BuurtProfile p, int buurtIndex, int buurtCount, BuildingLayout.Result layout, SplittableRandom r) {
        int pc4 = pc4(buurtIndex, buurtCount);
        TreeMap<Long, List<Building>> groups = new TreeMap<>();
        for (Building b : layout.buildings) {
            long key = ((long) b.street << 1) | (b.highSide ? 1 : 0);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(b);
        }
        List<Address> residential = new ArrayList<>();
        for (Map.Entry<Long, List<Building>> e : groups.entrySet()) {
            List<Building> side = e.getValue();
            side.sort(Comparator.comparingDouble((Building b) -> b.u0));
            boolean even = side.get(0).highSide;
            String street = layout.streetNames.get(side.get(0).street);
            int number = even ? 2 : 1;
            int chunkLeft = 0;
            String postcode = null;
            for (Building b : side) {
                int n = b.spec.residential() ? b.dwellings : 1;
                List<Coordinate> pts = points(b, n);
                for (int i = 0; i < n; i++) {
                    if (chunkLeft == 0) {
                        postcode = pc4 + letters(pc4);
                        chunkLeft = Rng.between(r, 12, 30);
                    }
                    chunkLeft--;
                    Coordinate c = pts.get(i);
                    Address a = new Address(b, street, number, postcode, Geo.GF.createPoint(c));
                    number += 2;
                    all.add(a);
                    if (b.spec.residential()) {
                        residential.add(a);
                    }
                }
            }
        }
        assignResidents(p, residential, p.buurt.residentsOrZero(), r);
    }

    private String letters(int pc4) {
        int idx = nextPair.getOrDefault(pc4, 0);
        while (true) {
            if (idx >= LETTERS.length() * LETTERS.length()) {
                throw new IllegalStateException("postcode letters exhausted for " + pc4);
            }
            String s = "" + LETTERS.charAt(idx / LETTERS.length()) + LETTERS.charAt(idx % LETTERS.length());
            idx++;
            if (!s.equals("SA") && !s.equals("SD") && !s.equals("SS")) {
                nextPair.put(pc4, idx);
                return s;
            }
        }
    }

    /** n distinct points inside the building's main rectangle, rounded to 1 cm. */
    static List<Coordinate> points(Building b, int n) {
        List<Coordinate> out = new ArrayList<>(n);
        double w = b.u1 - b.u0, d = b.v1 - b.v0;
        boolean strip = (b.spec.type == Spec.Type.ROW || b.spec.type == Spec.Type.SEMI) && w / n >= 3.0;
        if (strip) {
            for (int i = 0; i < n; i++) {
                out.add(b.frame.worldCm(b.u0 + (i + 0.5) * w / n, (b.v0 + b.v1) / 2));
            }
            return out;
        }
        int cols = Math.max(1, (int) Math.round(Math.sqrt(n * w / d)));
        int rows = (n + cols - 1) / cols;
        for (int i = 0; i < n; i++) {
            int c = i % cols, rr = i / cols;
            out.add(b.frame.worldCm(b.u0 + (c + 0.5) * w / cols, b.v0 + (rr + 0.5) * d / rows));
        }
        return out;
    }

    private static double[] householdSizes(BuurtProfile.Kind k) {
        return switch (k) {
            case CENTRE -> new double[] {0.06, 0.50, 0.28, 0.08, 0.06, 0.015, 0.005};
            case PREWAR -> new double[] {0.05, 0.42, 0.30, 0.11, 0.09, 0.025, 0.005};
            case POSTWAR -> new double[] {0.04, 0.36, 0.32, 0.12, 0.12, 0.03, 0.01};
            case SUBURB -> new double[] {0.03, 0.22, 0.32, 0.17, 0.19, 0.06, 0.01};
            default -> new double[] {0.04, 0.25, 0.38, 0.14, 0.14, 0.04, 0.01};
        };
    }

    static void assignResidents(BuurtProfile p, List<Address> as, int total, SplittableRandom r) {
        int n = as.size();
        if (total > n * MAX_RESIDENTS) {
            throw new IllegalStateException("buurt " + p.buurt.code() + ": " + total + " residents do not fit in "
                    + n + " dwellings");
        }
        int[] size = new int[n];
        int sum = 0;
        double[] dist = householdSizes(p.kind);
        for (int i = 0; i < n; i++) {
            size[i] = total == 0 ? 0 : Rng.weighted(r, dist);
            sum += size[i];
        }
        if (sum != total) {
            boolean up = sum < total;
            int[] elig = new int[n];
            int ne = 0;
            for (int i = 0; i < n; i++) {
                if (up ? size[i] < MAX_RESIDENTS : size[i] > 0) {
                    elig[ne++] = i;
                }
            }
            while (sum != total) {
                int j = r.nextInt(ne);
                int i = elig[j];
                size[i] += up ? 1 : -1;
                sum += up ? 1 : -1;
                if (up ? size[i] == MAX_RESIDENTS : size[i] == 0) {
                    elig[j] = elig[--ne];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            as.get(i).residents = size[i];
        }
    }
}
