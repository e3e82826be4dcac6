package nl.tweeling.sample.generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Generates the deterministic "Zwolle sample": a synthetic but plausible city model inside Zwolle's
 * real extent (RD New, EPSG:28992, x 196,000–211,000, y 495,000–509,000) built on the real names,
 * residents and dwellings of its 16 wijken and 78 buurten.
 *
 * <p>Guarantees, for any seed:
 * <ul>
 *   <li>the same seed gives byte-identical files (no hash-order iteration, locale-free formatting,
 *       fixed gzip header);</li>
 *   <li>buurten tile the extent without gaps or overlaps, wijken are unions of their buurten;</li>
 *   <li>buildings do not overlap, lie within their buurt and off every road centre line;</li>
 *   <li>every address lies inside its building; residential buildings have one address per dwelling;
 *       address residents sum per buurt to the buurt's real 2024 residents (132,829 in total);</li>
 *   <li>all coordinates are rounded to 1 cm and lie inside the extent; feature ids are unique per layer;</li>
 *   <li>observation offsets lie in [-604800, 0] seconds before the load anchor;</li>
 *   <li>the ground grid covers the extent with 50 m cells whose level is the surface the buildings' ground
 *       levels are drawn from; dikes separate every river's cells from the land behind them.</li>
 * </ul>
 *
 * <p>Usage: {@code SampleGenerator [outputDir] [--seed N]} (defaults {@code data-samples/zwolle}, 20211).
 */
public final class SampleGenerator {
    public static final long DEFAULT_SEED = 20211;
    public static final String DEFAULT_DIR = "data-samples/zwolle";
    static final int PARK_TREES = 1_200, STREET_TREES = 1_800;
    private static final boolean DEBUG = Boolean.getBoolean("sample.debug");

    /** What a run produced: counts per layer and file hashes. */
    public record Summary(long seed, Map<String, Integer> layers, int things, int datastreams, int observations,
                          Map<String, String> sha256) {
    }

    private SampleGenerator() {
    }

    public static void main(String[] args) throws IOException {
        String dir = DEFAULT_DIR;
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seed") && i + 1 < args.length) {
                seed = Long.parseLong(args[++i]);
            } else if (args[i].startsWith("--seed=")) {
                seed = Long.parseLong(args[i].substring(7));
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                System.out.println("usage: SampleGenerator [outputDir] [--seed N]");
                return;
            } else {
                dir = args[i];
            }
        }
        long t0 = System.nanoTime();
        Summary s = generate(Paths.get(dir), seed);
        System.out.printf(java.util.Locale.ROOT, "Zwolle sample (seed %d) written to %s in %.1f s: %s, things %d, "
                        + "datastreams %d, observations %d%n", seed, dir, (System.nanoTime() - t0) / 1e9, s.layers(),
                s.things(), s.datastreams(), s.observations());
    }

    /** Generates all files into {@code dir} (created if needed) and returns the summary. */
    public static Summary generate(Path dir, long seed) throws IOException {
        long[] clock = new long[2];
        tick(clock, null);
        Files.createDirectories(dir);
        AreaTable areas = AreaTable.load();
        Tiling tiling = Tiling.build(areas);
        Terrain terrain = new Terrain(seed);
        StreetNames names = new StreetNames();
        RoadNetwork network = RoadNetwork.build(areas, terrain, names, seed);
        List<Geometry> globalCorridors = new ArrayList<>();
        for (Road road : network.roads) {
            globalCorridors.add(Geo.corridor(road.geom, road.halfWidth));
        }
        tick(clock, "roads");
        int[][] plan = Facilities.plan(areas);
        Map<String, AreaTable.Buurt> buurtByCode = new TreeMap<>();
        areas.buurten().forEach(b -> buurtByCode.put(b.code(), b));

        List<Building> buildings = new ArrayList<>();
        List<Road> localStreets = new ArrayList<>();
        List<GreenSpace.Park> parks = new ArrayList<>();
        Map<String, Geometry> devZones = new LinkedHashMap<>();
        Map<String, Geometry> roadAreas = new LinkedHashMap<>();
        Addresses addresses = new Addresses();
        List<AreaTable.Buurt> bs = areas.buurten();
        for (int i = 0; i < bs.size(); i++) {
            AreaTable.Buurt b = bs.get(i);
            MultiPolygon cell = tiling.buurten().get(b.code());
            BuurtProfile p = BuurtProfile.of(b);
            SplittableRandom r = Rng.of(seed, 10_000L + Integer.parseInt(b.code()));
            List<Spec> program = p.program(r, plan[0][i], plan[1][i], plan[2][i], cell.getArea() / 10_000);
            double footprintArea = 0;
            for (Spec sp : program) {
                footprintArea += sp.w * sp.d;
            }
            double devRadius = Math.sqrt(footprintArea / p.coverage / Math.PI);
            List<Geometry> near = new ArrayList<>();
            List<Geometry> nearMajor = new ArrayList<>();
            for (int k = 0; k < network.roads.size(); k++) {
                Geometry c = globalCorridors.get(k);
                if (c.getEnvelopeInternal().intersects(cell.getEnvelopeInternal())) {
                    near.add(c);
                    String cls = network.roads.get(k).roadClass;
                    if (cls.equals(Road.MOTORWAY) || cls.equals(Road.ARTERIAL)) {
                        nearMajor.add(c);
                    }
                }
            }
            Geometry nearCorr = Geo.union(near);
            GreenSpace.Park park = GreenSpace.park(p, cell, devRadius, terrain, Geo.union(nearMajor),
                    Rng.of(seed, 20_000L + Integer.parseInt(b.code())));
            Geometry buildable = Geo.difference(cell.buffer(-0.5), terrain.noBuild);
            buildable = Geo.difference(buildable, nearCorr);
            if (park != null) {
                parks.add(park);
                buildable = Geo.difference(buildable, park.geom().buffer(2));
            }
            BuildingLayout.Result layout = BuildingLayout.place(p, cell, PreparedGeometryFactory.prepare(buildable),
                    program, names, r);
            addresses.addBuurt(p, i, bs.size(), layout, r);
            if (DEBUG) {
                long resPlaced = layout.buildings.stream().filter(x -> x.spec.residential()).count();
                long resProg = program.stream().filter(Spec::residential).count();
                System.err.printf(java.util.Locale.ROOT, "buurt %s %-32s %-10s cell %7.1f ha  placed %4d/%4d (res %4d/%4d)  dw %5d  park %s  streets %d%n",
                        b.code(), b.name(), p.kind, cell.getArea() / 1e4, layout.buildings.size(), program.size(),
                        resPlaced, resProg, BuurtProfile.dwellingTarget(b), park != null, layout.streets.size());
            }
            buildings.addAll(layout.buildings);
            localStreets.addAll(layout.streets);
            devZones.put(b.code(), layout.devZone);
            List<Geometry> corr = new ArrayList<>();
            corr.add(nearCorr);
            List<Geometry> streetLines = new ArrayList<>();
            for (Road st : layout.streets) {
                streetLines.add(st.geom);
            }
            if (!streetLines.isEmpty()) {
                corr.add(Geo.corridor(Geo.GF.buildGeometry(streetLines), p.hw));
            }
            roadAreas.put(b.code(), Geo.union(corr));
        }

        tick(clock, "buurten");
        // ids and ground levels
        SplittableRandom gr = Rng.of(seed, 0x6E0D1L);
        for (int i = 0; i < buildings.size(); i++) {
            Building b = buildings.get(i);
            b.id = String.format(java.util.Locale.ROOT, "bld-%06d", i + 1);
            Coordinate c = b.footprint.getCentroid().getCoordinate();
            b.groundLevel = terrain.groundLevel(c.x, c.y) + 0.12 * Rng.gaussian(gr);
        }
        for (int i = 0; i < addresses.all.size(); i++) {
            addresses.all.get(i).id = String.format(java.util.Locale.ROOT, "adr-%07d", i + 1);
        }
        List<Road> roads = new ArrayList<>(network.roads);
        roads.addAll(localStreets);
        for (int i = 0; i < roads.size(); i++) {
            roads.get(i).id = String.format(java.util.Locale.ROOT, "road-%05d", i + 1);
        }

        STRtree buildingIndex = new STRtree();
        for (Building b : buildings) {
            buildingIndex.insert(b.footprint.getEnvelopeInternal(), b);
        }
        buildingIndex.build();
        List<GreenSpace.Tree> trees = GreenSpace.trees(parks, localStreets, buildingIndex, terrain, PARK_TREES,
                STREET_TREES, Rng.of(seed, 0x7BEE5L));

        tick(clock, "trees");
        List<LandCover.Cover> covers = new ArrayList<>();
        for (AreaTable.Buurt b : bs) {
            List<Geometry> parkGeoms = new ArrayList<>();
            for (GreenSpace.Park pk : parks) {
                if (pk.buurtCode().equals(b.code())) {
                    parkGeoms.add(pk.geom());
                }
            }
            covers.addAll(LandCover.forBuurt(b.code(), tiling.buurten().get(b.code()), terrain.water,
                    roadAreas.get(b.code()), devZones.get(b.code()),
                    parkGeoms.isEmpty() ? null : Geo.union(parkGeoms)));
        }

        tick(clock, "landcover");
        List<Facilities.Facility> facilities = Facilities.build(buildings, buurtByCode, roads, tiling.buurten(),
                parks, Rng.of(seed, 0xFAC1L));
        Sensors sensors = Sensors.build(buurtByCode, network.roads, terrain, seed);

        tick(clock, "facilities+sensors");
        List<GroundGrid.Cell> ground = GroundGrid.build(terrain);
        List<Dikes.Dike> dikes = Dikes.build(terrain, seed);
        tick(clock, "ground+dikes");
        // ---- write ----
        Map<String, Integer> layers = new LinkedHashMap<>();
        Map<String, String> sha = new LinkedHashMap<>();

        Csv wijken = new Csv("feature_id", "code", "name", "wkt");
        for (AreaTable.Wijk w : areas.wijken()) {
            wijken.row("wijk-" + w.code(), w.code(), w.name(), Wkt.of(tiling.wijken().get(w.code())));
        }
        write(dir, "wijken.csv.gz", wijken, layers, sha);

        Csv buurten = new Csv("feature_id", "code", "cbs_code", "name", "wijk_code", "residents", "dwellings", "wkt");
        for (AreaTable.Buurt b : bs) {
            buurten.row("buurt-" + b.code(), b.code(), b.cbsCode(), b.name(), b.wijkCode(), b.residents(),
                    b.dwellings(), Wkt.of(tiling.buurten().get(b.code())));
        }
        write(dir, "buurten.csv.gz", buurten, layers, sha);

        Csv bld = new Csv("feature_id", "buurt_code", "height_m", "ground_level_m", "construction_year", "use",
                "dwellings", "wkt");
        for (Building b : buildings) {
            bld.row(b.id, b.buurtCode, Fmt.dec(b.height, 1), Fmt.dec(b.groundLevel, 2), b.spec.year, b.use(),
                    b.dwellings, Wkt.of(b.footprint));
        }
        write(dir, "buildings.csv.gz", bld, layers, sha);

        Csv adr = new Csv("feature_id", "building_id", "street", "house_number", "postcode", "residents", "wkt");
        for (Addresses.Address a : addresses.all) {
            adr.row(a.id, a.building.id, a.street, a.number, a.postcode, a.residents, Wkt.of(a.point));
        }
        write(dir, "addresses.csv.gz", adr, layers, sha);

        Csv rd = new Csv("feature_id", "name", "road_class", "speed_limit_kmh", "intensity_per_day", "heavy_share",
                "wkt");
        for (Road road : roads) {
            rd.row(road.id, road.name, road.roadClass, road.speedLimit, road.intensity, Fmt.dec(road.heavyShare, 3),
                    Wkt.of(road.geom));
        }
        write(dir, "roads.csv.gz", rd, layers, sha);

        Csv green = new Csv("feature_id", "kind", "name", "wkt");
        for (int i = 0; i < parks.size(); i++) {
            green.row(String.format(java.util.Locale.ROOT, "park-%04d", i + 1), "park", parks.get(i).name(),
                    Wkt.of(parks.get(i).geom()));
        }
        for (int i = 0; i < trees.size(); i++) {
            green.row(String.format(java.util.Locale.ROOT, "tree-%05d", i + 1), "tree", trees.get(i).species(),
                    Wkt.of(trees.get(i).point()));
        }
        write(dir, "green.csv.gz", green, layers, sha);

        Csv lc = new Csv("feature_id", "cover", "wkt");
        for (int i = 0; i < covers.size(); i++) {
            lc.row(String.format(java.util.Locale.ROOT, "lc-%05d", i + 1), covers.get(i).cover(),
                    Wkt.of(covers.get(i).geom()));
        }
        write(dir, "landcover.csv.gz", lc, layers, sha);

        Csv fac = new Csv("feature_id", "kind", "name", "wkt");
        for (int i = 0; i < facilities.size(); i++) {
            Facilities.Facility f = facilities.get(i);
            fac.row(String.format(java.util.Locale.ROOT, "fac-%05d", i + 1), f.kind(), f.name(), Wkt.of(f.point()));
        }
        write(dir, "facilities.csv.gz", fac, layers, sha);

        Csv gd = new Csv("feature_id", "ground_m", "water", "wkt");
        for (GroundGrid.Cell cell : ground) {
            gd.row(cell.id(), Fmt.dec(cell.groundM(), 2), cell.water(), Wkt.of(cell.polygon()));
        }
        write(dir, "ground.csv.gz", gd, layers, sha);

        Csv dk = new Csv("feature_id", "name", "section", "kind", "crest_m", "wkt");
        for (int i = 0; i < dikes.size(); i++) {
            Dikes.Dike d = dikes.get(i);
            dk.row(String.format(java.util.Locale.ROOT, "dike-%02d", i + 1), d.name(), d.section(), d.kind(),
                    Fmt.dec(d.crestM(), 2), Wkt.of(d.geom()));
        }
        write(dir, "dikes.csv.gz", dk, layers, sha);

        Csv th = new Csv("key", "name", "description", "x", "y");
        for (Sensors.Thing t : sensors.things) {
            th.row(t.key(), t.name(), t.description(), Fmt.dec(t.x(), 2), Fmt.dec(t.y(), 2));
        }
        write(dir, "things.csv", th, null, sha);
        Csv ds = new Csv("key", "thing_key", "observed_property", "name", "description");
        for (Sensors.Datastream d : sensors.datastreams) {
            ds.row(d.key(), d.thingKey(), d.property(), d.name(), d.description());
        }
        write(dir, "datastreams.csv", ds, null, sha);
        Csv obs = new Csv("datastream_key", "offset_s", "result");
        int nObs = sensors.observations(seed, (key, off, result) -> obs.row(key, off, result));
        write(dir, "observations.csv.gz", obs, null, sha);

        tick(clock, "write");
        Summary summary = new Summary(seed, layers, sensors.things.size(), sensors.datastreams.size(), nObs, sha);
        Files.writeString(dir.resolve("manifest.json"), manifest(summary), StandardCharsets.UTF_8);
        return summary;
    }

    /** Debug timing: prints wall and CPU time since the previous tick when -Dsample.debug=true. */
    private static void tick(long[] clock, String label) {
        long now = System.nanoTime();
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        if (DEBUG && label != null) {
            System.err.printf(java.util.Locale.ROOT, "  %-20s %6.2f s wall %6.2f s cpu%n", label, (now - clock[0]) / 1e9,
                    (cpu - clock[1]) / 1e9);
        }
        clock[0] = now;
        clock[1] = cpu;
    }

    private static void write(Path dir, String file, Csv csv, Map<String, Integer> layers, Map<String, String> sha)
            throws IOException {
        Path p = dir.resolve(file);
        csv.write(p);
        if (layers != null) {
            layers.put(file.substring(0, file.indexOf('.')), csv.rows());
        }
        sha.put(file, sha256(Files.readAllBytes(p)));
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String manifest(Summary s) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        sb.append("  \"name\": \"zwolle\",\n");
        sb.append("  \"seed\": ").append(s.seed()).append(",\n");
        sb.append("  \"generator\": \"").append(SampleGenerator.class.getName()).append("\",\n");
        sb.append("  \"crs\": \"EPSG:28992\",\n");
        sb.append("  \"observation_anchor\": \"offset_s 0 = load anchor; daily shapes assume the anchor is a Monday 00:00 local time\",\n");
        sb.append("  \"layers\": {");
        int i = 0;
        for (Map.Entry<String, Integer> e : s.layers().entrySet()) {
            sb.append(i++ == 0 ? "\n" : ",\n").append("    \"").append(e.getKey()).append("\": ").append(e.getValue());
        }
        sb.append("\n  },\n");
        sb.append("  \"things\": ").append(s.things()).append(",\n");
        sb.append("  \"datastreams\": ").append(s.datastreams()).append(",\n");
        sb.append("  \"observations\": ").append(s.observations()).append(",\n");
        sb.append("  \"sha256\": {");
        i = 0;
        for (Map.Entry<String, String> e : s.sha256().entrySet()) {
            sb.append(i++ == 0 ? "\n" : ",\n").append("    \"").append(e.getKey()).append("\": \"").append(e.getValue())
                    .append('"');
        }
        sb.append("\n  }\n}\n");
        return sb.toString();
    }
}
