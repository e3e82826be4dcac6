package nl.tweeling.sample.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.linearref.LengthIndexedLine;

/**
 * Facility points. Schools, GP practices and supermarkets sit inside the building that hosts them
 * (allocated to buurten by residents); bus stops lie on the arterial and collector roads at a
 * regular spacing chosen to give about 400 stops; park entrances lie on the park outlines.
 * Names are invented but plausible.
 */
final class Facilities {
    static final String SCHOOL = "school", GP = "gp", SUPERMARKET = "supermarket", BUS_STOP = "bus_stop",
            PARK_ENTRANCE = "park_entrance";
    static final int SCHOOLS = 50, GPS = 60, SUPERMARKETS = 40, BUS_STOPS = 400;

    private static final String[] SCHOOL_NAMES = {"De Regenboog", "De Vlinder", "Het Kompas", "De Schakel",
        "De Sleutel", "De Wegwijzer", "De Zonnebloem", "De Boomgaard", "De Kameleon", "De Octopus", "De Springplank",
        "De Horizon", "De Ark", "De Fontein", "Het Mozaïek", "De Zevensprong", "De Toermalijn", "De Windroos",
        "De Klimop", "Het Palet", "De Achtbaan", "De Vuurtoren", "De Linde", "De Esch", "De Kubus", "Het Baken",
        "De Bongerd", "De Wielewaal", "De Piramide", "De Driemaster", "De Tweemaster", "Het Startpunt"};
    private static final String[] SCHOOL_PREFIX = {"OBS", "CBS", "Kindcentrum", "Basisschool", "KBS", "IKC"};
    private static final String[] SURNAMES = {"De Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "De Boer",
        "Mulder", "De Groot", "Bos", "Vos", "Peters", "Hendriks", "Van Dijk", "Dekker", "Brouwer", "De Wit", "Dijkstra",
        "Smits", "De Graaf", "Van der Meer", "Kok", "Jacobs", "Van den Berg", "Schouten", "Hoekstra", "Koster",
        "Prins", "Huisman", "Kuipers", "Post", "Van Wijk", "Kramer", "Veenstra", "Nijland", "Wessels", "Oosterhof",
        "Brinkman", "Scholten", "Bruggink", "Kamphuis", "Lubbers", "Haverkamp", "Wolters", "Nijhof", "Timmerman"};
    private static final String[] CHAINS = {"Albert Heijn", "Jumbo", "Lidl", "Aldi", "Plus", "Coop", "Dirk", "Spar"};

    /** One facility point. */
    record Facility(String kind, String name, Point point) {
    }

    private Facilities() {
    }

    /** Per buurt (table order) the number of schools, GPs and supermarkets, apportioned by residents. */
    static int[][] plan(AreaTable areas) {
        List<AreaTable.Buurt> bs = areas.buurten();
        double[] w = new double[bs.size()];
        double tot = 0;
        for (int i = 0; i < w.length; i++) {
            BuurtProfile.Kind k = BuurtProfile.kindOf(bs.get(i));
            w[i] = k == BuurtProfile.Kind.INDUSTRIAL ? 0 : bs.get(i).residentsOrZero();
            tot += w[i];
        }
        return new int[][] {
            BuildingLayout.largestRemainder(w, tot, SCHOOLS),
            BuildingLayout.largestRemainder(w, tot, GPS),
            BuildingLayout.largestRemainder(w, tot, SUPERMARKETS)};
    }

    static List<Facility> build(List<Building> buildings, Map<String, AreaTable.Buurt> buurtByCode,
                                List<Road> roads, Map<String, MultiPolygon> cells, List<GreenSpace.Park> parks,
                                SplittableRandom r) {
        List<Facility> out = new ArrayList<>();
        TreeSet<String> used = new TreeSet<>();
        for (Building b : buildings) {
            if (b.spec.facility == null) {
                continue;
            }
            Coordinate c = b.frame.worldCm((b.u0 + b.u1) / 2, (b.v0 + b.v1) / 2);
            Point pt = Geo.GF.createPoint(c);
            String buurt = buurtByCode.get(b.buurtCode).name();
            String name = switch (b.spec.facility) {
                case SCHOOL -> Rng.chance(r, 0.15) ? Rng.pick(r, StreetNames.THEMES[4]) + " College"
                        : Rng.pick(r, SCHOOL_PREFIX) + " " + Rng.pick(r, SCHOOL_NAMES);
                case GP -> Rng.chance(r, 0.25) ? "Gezondheidscentrum " + buurt
                        : "Huisartsenpraktijk " + Rng.pick(r, SURNAMES);
                default -> Rng.pick(r, CHAINS) + " " + buurt;
            };
            out.add(new Facility(b.spec.facility, unique(used, name), pt));
        }
        // bus stops on arterials and collectors
        List<Road> busRoads = new ArrayList<>();
        double total = 0;
        for (Road road : roads) {
            if (road.roadClass.equals(Road.ARTERIAL) || road.roadClass.equals(Road.COLLECTOR)) {
                busRoads.add(road);
                total += road.geom.getLength();
            }
        }
        double spacing = total / BUS_STOPS;
        List<PreparedGeometry> prepared = new ArrayList<>();
        List<String> cellCodes = new ArrayList<>(cells.keySet());
        for (String code : cellCodes) {
            prepared.add(PreparedGeometryFactory.prepare(cells.get(code)));
        }
        for (Road road : busRoads) {
            for (LineString ls : Geo.lines(road.geom)) {
                double len = ls.getLength();
                int n = (int) Math.round(len / spacing);
                LengthIndexedLine lil = new LengthIndexedLine(ls);
                for (int i = 0; i < n; i++) {
                    Coordinate c = lil.extractPoint((i + 0.5) * len / n);
                    Point pt = Geo.point(c.x, c.y);
                    String where = "";
                    for (int j = 0; j < prepared.size(); j++) {
                        if (prepared.get(j).intersects(pt)) {
                            where = buurtByCode.get(cellCodes.get(j)).name();
                            break;
                        }
                    }
                    out.add(new Facility(BUS_STOP, unique(used, "Zwolle, " + road.name + " (" + where + ")"), pt));
                }
            }
        }
        // park entrances on the outline of each park
        for (GreenSpace.Park park : parks) {
            Polygon main = null;
            for (Polygon p : Geo.polygons(park.geom())) {
                if (main == null || p.getArea() > main.getArea()) {
                    main = p;
                }
            }
            LineString ring = main.getExteriorRing();
            LengthIndexedLine lil = new LengthIndexedLine(ring);
            double len = ring.getLength();
            int n = Rng.between(r, 2, 4);
            double start = r.nextDouble() * len;
            Point centre = main.getCentroid();
            for (int i = 0; i < n; i++) {
                Coordinate c = lil.extractPoint((start + i * len / n) % len);
                String dir = direction(c.x - centre.getX(), c.y - centre.getY());
                out.add(new Facility(PARK_ENTRANCE, unique(used, park.name() + ", ingang " + dir),
                        Geo.point(c.x, c.y)));
            }
        }
        return out;
    }

    private static String direction(double dx, double dy) {
        double a = Math.toDegrees(Math.atan2(dy, dx));
        if (a >= -45 && a < 45) {
            return "oost";
        }
        if (a >= 45 && a < 135) {
            return "noord";
        }
        if (a >= -135 && a < -45) {
            return "zuid";
        }
        return "west";
    }

    private static String unique(TreeSet<String> used, String name) {
        if (used.add(name)) {
            return name;
        }
        for (int i = 2; ; i++) {
            String n = name + " " + i;
            if (used.add(n)) {
                return n;
            }
        }
    }
}
