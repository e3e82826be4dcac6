package nl.tweeling.sample.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

import nl.tweeling.process.model.flood.Dike;
import nl.tweeling.process.model.flood.Flooding;
import nl.tweeling.process.model.flood.Grid;

/**
 * Generates the sample once (default seed) into a temporary directory and checks the invariants
 * promised by {@link SampleGenerator} on the written files (WKT read back with JTS).
 */
class SampleGeneratorTest {
    private static final double EXTENT_AREA = (Geo.MAX_X - Geo.MIN_X) * (Geo.MAX_Y - Geo.MIN_Y);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    /** Seed under test; {@code -Dsample.seed=N} checks the invariants for another seed. */
    static final long SEED = Long.getLong("sample.seed", SampleGenerator.DEFAULT_SEED);

    @TempDir
    static Path dir;
    static SampleGenerator.Summary summary;
    static final Map<String, List<String[]>> tables = new HashMap<>();
    static final WKTReader WKT = new WKTReader(Geo.GF);

    @BeforeAll
    static void generate() throws IOException {
        summary = SampleGenerator.generate(dir, SEED);
    }

    static List<String[]> table(String file) throws IOException {
        List<String[]> t = tables.get(file);
        if (t == null) {
            t = Csv.read(dir.resolve(file));
            tables.put(file, t);
        }
        return t;
    }

    static List<String[]> rows(String file) throws IOException {
        List<String[]> t = table(file);
        return t.subList(1, t.size());
    }

    static int col(String file, String name) throws IOException {
        String[] header = table(file).get(0);
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name + " in " + file);
    }

    static Geometry geom(String wkt) {
        try {
            return WKT.read(wkt);
        } catch (ParseException e) {
            throw new AssertionError("bad WKT: " + wkt, e);
        }
    }

    static Map<String, Geometry> geometries(String file, String keyColumn) throws IOException {
        int k = col(file, keyColumn), w = col(file, "wkt");
        Map<String, Geometry> out = new TreeMap<>();
        for (String[] r : rows(file)) {
            out.put(r[k], geom(r[w]));
        }
        return out;
    }

    @Test
    void filesHaveTheAgreedHeaders() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        expected.put("wijken.csv.gz", "feature_id,code,name,wkt");
        expected.put("buurten.csv.gz", "feature_id,code,cbs_code,name,wijk_code,residents,dwellings,wkt");
        expected.put("buildings.csv.gz", "feature_id,buurt_code,height_m,ground_level_m,construction_year,use,dwellings,wkt");
        expected.put("addresses.csv.gz", "feature_id,building_id,street,house_number,postcode,residents,wkt");
        expected.put("roads.csv.gz", "feature_id,name,road_class,speed_limit_kmh,intensity_per_day,heavy_share,wkt");
        expected.put("green.csv.gz", "feature_id,kind,name,wkt");
        expected.put("landcover.csv.gz", "feature_id,cover,wkt");
        expected.put("facilities.csv.gz", "feature_id,kind,name,wkt");
        expected.put("ground.csv.gz", "feature_id,ground_m,water,wkt");
        expected.put("dikes.csv.gz", "feature_id,name,section,kind,crest_m,wkt");
        expected.put("things.csv", "key,name,description,x,y");
        expected.put("datastreams.csv", "key,thing_key,observed_property,name,description");
        expected.put("observations.csv.gz", "datastream_key,offset_s,result");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), String.join(",", table(e.getKey()).get(0)), e.getKey());
            int n = e.getValue().split(",").length;
            for (String[] r : rows(e.getKey())) {
                assertEquals(n, r.length, e.getKey() + " row " + String.join(",", r));
            }
        }
    }

    @Test
    void featureIdsAreUniquePerLayerAndCoordinatesAreInTheExtentAtCentimetres() throws IOException {
        for (String layer : List.of("wijken", "buurten", "buildings", "addresses", "roads", "green", "landcover",
                "facilities", "ground", "dikes")) {
            String file = layer + ".csv.gz";
            Set<String> ids = new HashSet<>();
            int w = col(file, "wkt");
            Envelope all = new Envelope();
            for (String[] r : rows(file)) {
                assertTrue(ids.add(r[0]), "duplicate id " + r[0] + " in " + layer);
                Matcher m = NUMBER.matcher(r[w]);
                while (m.find()) {
                    String g = m.group(1);
                    assertTrue(g == null || g.length() <= 3, "more than 2 decimals in " + layer + ": " + m.group());
                }
                all.expandToInclude(geom(r[w]).getEnvelopeInternal());
            }
            assertEquals(summary.layers().get(layer), rows(file).size(), "manifest count of " + layer);
            assertTrue(new Envelope(Geo.MIN_X, Geo.MAX_X, Geo.MIN_Y, Geo.MAX_Y).contains(all), layer + " " + all);
        }
    }

    @Test
    void buurtenTileTheExtent() throws IOException {
        Map<String, Geometry> buurten = geometries("buurten.csv.gz", "code");
        assertEquals(78, buurten.size());
        double sum = 0;
        STRtree index = new STRtree();
        for (Geometry g : buurten.values()) {
            assertTrue(g.isValid());
            assertEquals("MultiPolygon", g.getGeometryType());
            sum += g.getArea();
            index.insert(g.getEnvelopeInternal(), g);
        }
        double union = OverlayNGRobust.union(buurten.values()).getArea();
        assertEquals(1.0, sum / EXTENT_AREA, 1e-6, "sum of areas vs extent");
        assertEquals(1.0, union / EXTENT_AREA, 1e-6, "union vs extent");
        for (Geometry g : buurten.values()) {
            for (Object o : index.query(g.getEnvelopeInternal())) {
                Geometry h = (Geometry) o;
                if (h != g) {
                    assertTrue(g.intersection(h).getArea() < 1e-3, "overlapping buurten");
                }
            }
        }
    }

    @Test
    void buurtAttributesAreTheRealNumbers() throws IOException {
        AreaTable areas = AreaTable.load();
        assertEquals(132_829, areas.totalResidents());
        Map<String, AreaTable.Buurt> table = new TreeMap<>();
        areas.buurten().forEach(b -> table.put(b.code(), b));
        for (String[] r : rows("buurten.csv.gz")) {
            AreaTable.Buurt b = table.get(r[1]);
            assertNotNull(b, r[1]);
            assertTrue(r[2].matches("BU0193\\d{3}0"), r[2]);
            assertEquals(b.name(), r[3]);
            assertEquals(b.wijkCode(), r[4]);
            assertEquals(b.residents() == null ? null : b.residents().toString(), r[5]);
            assertEquals(b.dwellings() == null ? null : b.dwellings().toString(), r[6]);
        }
    }

    @Test
    void wijkenAreUnionsOfTheirBuurten() throws IOException {
        Map<String, Geometry> wijken = geometries("wijken.csv.gz", "code");
        assertEquals(16, wijken.size());
        Map<String, List<Geometry>> parts = new TreeMap<>();
        int w = col("buurten.csv.gz", "wkt");
        for (String[] r : rows("buurten.csv.gz")) {
            parts.computeIfAbsent(r[4], k -> new ArrayList<>()).add(geom(r[w]));
        }
        assertEquals(wijken.keySet(), parts.keySet());
        double sum = 0;
        for (Map.Entry<String, Geometry> e : wijken.entrySet()) {
            Geometry u = OverlayNGRobust.union(parts.get(e.getKey()));
            Geometry diff = OverlayNGRobust.overlay(u, e.getValue(), org.locationtech.jts.operation.overlayng.OverlayNG.SYMDIFFERENCE);
            assertTrue(diff.getArea() < 1e-3, "wijk " + e.getKey() + " differs from its buurten by " + diff.getArea());
            sum += e.getValue().getArea();
        }
        assertEquals(1.0, sum / EXTENT_AREA, 1e-6);
    }

    @Test
    void buildingsDoNotOverlapLieInTheirBuurtAndOffRoads() throws IOException {
        Map<String, PreparedGeometry> buurten = new TreeMap<>();
        geometries("buurten.csv.gz", "code").forEach((k, g) -> buurten.put(k, PreparedGeometryFactory.prepare(g)));
        int w = col("buildings.csv.gz", "wkt"), bc = col("buildings.csv.gz", "buurt_code");
        List<Geometry> bs = new ArrayList<>();
        STRtree index = new STRtree();
        for (String[] r : rows("buildings.csv.gz")) {
            Geometry g = geom(r[w]);
            assertTrue(g.isValid(), r[0]);
            assertTrue(buurten.get(r[bc]).covers(g), r[0] + " outside buurt " + r[bc]);
            bs.add(g);
            index.insert(g.getEnvelopeInternal(), g);
        }
        assertTrue(bs.size() >= 15_000 && bs.size() <= 25_000, "buildings: " + bs.size());
        for (Geometry g : bs) {
            for (Object o : index.query(g.getEnvelopeInternal())) {
                if (o != g) {
                    assertFalse(g.intersects((Geometry) o), "buildings overlap: " + g);
                }
            }
        }
        STRtree roads = new STRtree();
        for (Geometry road : geometries("roads.csv.gz", "feature_id").values()) {
            for (int i = 0; i < road.getNumGeometries(); i++) {
                roads.insert(road.getGeometryN(i).getEnvelopeInternal(), road.getGeometryN(i));
            }
        }
        for (Geometry g : bs) {
            for (Object o : roads.query(g.getEnvelopeInternal())) {
                assertFalse(g.intersects((Geometry) o), "building on a road: " + g);
            }
        }
    }

    @Test
    void buildingAttributesAreInRange() throws IOException {
        Set<String> uses = Set.of("residential", "office", "retail", "industrial", "education", "health", "other");
        int h = col("buildings.csv.gz", "height_m"), gl = col("buildings.csv.gz", "ground_level_m"),
                y = col("buildings.csv.gz", "construction_year"), u = col("buildings.csv.gz", "use"),
                d = col("buildings.csv.gz", "dwellings");
        for (String[] r : rows("buildings.csv.gz")) {
            double height = Double.parseDouble(r[h]);
            assertTrue(height >= 3 && height <= 60, r[0] + " height " + height);
            double ground = Double.parseDouble(r[gl]);
            assertTrue(ground > -1 && ground < 5, r[0] + " ground " + ground);
            int year = Integer.parseInt(r[y]);
            assertTrue(year >= 1300 && year <= 2025, r[0] + " year " + year);
            assertTrue(uses.contains(r[u]), r[u]);
            int dw = Integer.parseInt(r[d]);
            assertTrue(r[u].equals("residential") ? dw >= 1 : dw == 0, r[0] + " dwellings " + dw);
        }
    }

    @Test
    void addressesLieInTheirBuildingAndResidentsMatchTheBuurten() throws IOException {
        Map<String, Geometry> buildings = geometries("buildings.csv.gz", "feature_id");
        Map<String, String[]> buildingRows = new HashMap<>();
        for (String[] r : rows("buildings.csv.gz")) {
            buildingRows.put(r[0], r);
        }
        int w = col("addresses.csv.gz", "wkt"), b = col("addresses.csv.gz", "building_id"),
                res = col("addresses.csv.gz", "residents"), pc = col("addresses.csv.gz", "postcode"),
                st = col("addresses.csv.gz", "street"), nr = col("addresses.csv.gz", "house_number");
        Map<String, Integer> residentsPerBuurt = new TreeMap<>();
        Map<String, Integer> addressesPerBuilding = new HashMap<>();
        Set<String> keys = new HashSet<>();
        long total = 0;
        for (String[] r : rows("addresses.csv.gz")) {
            Geometry bg = buildings.get(r[b]);
            assertNotNull(bg, "unknown building " + r[b]);
            assertTrue(bg.covers(geom(r[w])), r[0] + " not in " + r[b]);
            int n = Integer.parseInt(r[res]);
            assertTrue(n >= 0 && n <= 6, r[0] + " residents " + n);
            String[] br = buildingRows.get(r[b]);
            if (n > 0) {
                assertEquals("residential", br[5], r[0]);
            }
            residentsPerBuurt.merge(br[1], n, Integer::sum);
            addressesPerBuilding.merge(r[b], 1, Integer::sum);
            total += n;
            int pc4 = Integer.parseInt(r[pc].substring(0, 4));
            assertTrue(pc4 >= 8000 && pc4 <= 8049 && r[pc].matches("\\d{4}[A-Z]{2}"), r[pc]);
            assertTrue(keys.add(r[st] + " " + r[nr]), "duplicate address " + r[st] + " " + r[nr]);
        }
        assertEquals(132_829, total);
        for (AreaTable.Buurt bu : AreaTable.load().buurten()) {
            assertEquals(bu.residentsOrZero(), residentsPerBuurt.getOrDefault(bu.code(), 0), "residents of " + bu.code());
        }
        Map<String, Integer> dwellingsPerBuurt = new TreeMap<>();
        for (String[] br : rows("buildings.csv.gz")) {
            int expected = br[5].equals("residential") ? Integer.parseInt(br[6]) : 1;
            assertEquals(expected, addressesPerBuilding.getOrDefault(br[0], 0), "addresses of " + br[0]);
            dwellingsPerBuurt.merge(br[1], Integer.parseInt(br[6]), Integer::sum);
        }
        for (AreaTable.Buurt bu : AreaTable.load().buurten()) {
            // the real count, raised only where residents would exceed 6 per dwelling
            int target = Math.max(bu.dwellingsOrZero(), (bu.residentsOrZero() + 5) / 6);
            assertEquals(target, dwellingsPerBuurt.getOrDefault(bu.code(), 0), "dwellings of " + bu.code());
        }
    }

    @Test
    void roadsGreenLandcoverAndFacilitiesUseTheAgreedValues() throws IOException {
        Map<String, Set<String>> speeds = Map.of("motorway", Set.of("130", "100"), "arterial", Set.of("50", "70"),
                "collector", Set.of("50"), "local", Set.of("30"));
        Set<String> classes = new TreeSet<>();
        for (String[] r : rows("roads.csv.gz")) {
            classes.add(r[2]);
            assertTrue(geom(r[6]).getGeometryType().equals("MultiLineString"), r[0]);
            if (r[2].equals("cycleway")) {
                assertEquals(null, r[3]);
                assertEquals("0", r[4]);
            } else {
                assertTrue(speeds.get(r[2]).contains(r[3]), r[0] + " speed " + r[3]);
            }
            int intensity = Integer.parseInt(r[4]);
            double heavy = Double.parseDouble(r[5]);
            assertTrue(heavy >= 0 && heavy <= 1);
            switch (r[2]) {
                case "motorway" -> assertTrue(intensity >= 60_000 && intensity <= 100_000);
                case "arterial" -> assertTrue(intensity >= 10_000 && intensity <= 30_000);
                case "collector" -> assertTrue(intensity >= 3_000 && intensity <= 10_000);
                case "local" -> assertTrue(intensity >= 200 && intensity <= 2_000);
                default -> assertEquals(0, intensity);
            }
        }
        assertEquals(Set.of("motorway", "arterial", "collector", "local", "cycleway"), classes);

        int parks = 0, trees = 0;
        for (String[] r : rows("green.csv.gz")) {
            String type = geom(r[3]).getGeometryType();
            if (r[1].equals("park")) {
                parks++;
                assertEquals("MultiPolygon", type);
            } else {
                assertEquals("tree", r[1]);
                assertEquals("Point", type);
                trees++;
            }
        }
        assertTrue(parks >= 10, "parks " + parks);
        assertTrue(trees >= 2_500 && trees <= 3_500, "trees " + trees);

        Set<String> covers = new TreeSet<>();
        for (String[] r : rows("landcover.csv.gz")) {
            covers.add(r[1]);
            assertEquals("MultiPolygon", geom(r[2]).getGeometryType());
        }
        assertEquals(Set.of("built", "paved", "green", "water"), covers);

        Map<String, Integer> kinds = new TreeMap<>();
        for (String[] r : rows("facilities.csv.gz")) {
            kinds.merge(r[1], 1, Integer::sum);
            assertEquals("Point", geom(r[3]).getGeometryType());
            assertNotNull(r[2]);
        }
        assertTrue(kinds.getOrDefault("school", 0) >= 40, kinds.toString());
        assertTrue(kinds.getOrDefault("gp", 0) >= 45, kinds.toString());
        assertTrue(kinds.getOrDefault("supermarket", 0) >= 30, kinds.toString());
        assertTrue(kinds.getOrDefault("bus_stop", 0) >= 350, kinds.toString());
        assertTrue(kinds.getOrDefault("park_entrance", 0) >= 20, kinds.toString());
    }

    @Test
    void sensorsCoverAllPropertiesWithOffsetsInTheWeek() throws IOException {
        List<String[]> things = rows("things.csv");
        assertTrue(things.size() >= 40, "things " + things.size());
        assertEquals(summary.things(), things.size());
        Set<String> thingKeys = new HashSet<>();
        for (String[] t : things) {
            assertTrue(thingKeys.add(t[0]));
            assertTrue(Geo.inExtent(Double.parseDouble(t[3]), Double.parseDouble(t[4])), t[0]);
        }
        Map<String, String> propertyOf = new HashMap<>();
        for (String[] d : rows("datastreams.csv")) {
            assertTrue(thingKeys.contains(d[1]), d[1]);
            assertTrue(propertyOf.put(d[0], d[2]) == null, "duplicate datastream " + d[0]);
        }
        assertEquals(Set.copyOf(Sensors.PROPERTIES), Set.copyOf(propertyOf.values()));
        assertEquals(Set.of("NO2", "PM10", "PM2.5", "traffic_count", "parking_occupancy", "water_level",
                "air_temperature", "noise_level"), Set.copyOf(propertyOf.values()));
        Map<String, Integer> perStream = new HashMap<>();
        Map<String, double[]> range = new HashMap<>();
        for (String[] o : rows("observations.csv.gz")) {
            String p = propertyOf.get(o[0]);
            assertNotNull(p, o[0]);
            int off = Integer.parseInt(o[1]);
            assertTrue(off >= -604_800 && off <= 0, "offset " + off);
            assertEquals(0, off % (p.equals("water_level") ? 600 : 3600), "step of " + o[0]);
            perStream.merge(o[0], 1, Integer::sum);
            double v = Double.parseDouble(o[2]);
            range.merge(p, new double[] {v, v}, (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        assertEquals(summary.observations(), rows("observations.csv.gz").size());
        for (Map.Entry<String, String> e : propertyOf.entrySet()) {
            assertEquals(e.getValue().equals("water_level") ? 1009 : 169, perStream.get(e.getKey()), e.getKey());
        }
        assertWithin(range.get("NO2"), 5, 80);
        assertWithin(range.get("PM10"), 3, 50);
        assertWithin(range.get("PM2.5"), 1, 40);
        assertWithin(range.get("parking_occupancy"), 0, 100);
        assertWithin(range.get("noise_level"), 35, 80);
        assertWithin(range.get("air_temperature"), -30, 45);
        assertTrue(range.get("traffic_count")[0] >= 0);
    }

    private static void assertWithin(double[] minMax, double lo, double hi) {
        assertTrue(minMax[0] >= lo && minMax[1] <= hi, minMax[0] + ".." + minMax[1] + " not in " + lo + ".." + hi);
    }

    @Test
    void manifestListsCountsAndHashes() throws IOException {
        String manifest = Files.readString(dir.resolve("manifest.json"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"seed\": " + SEED));
        assertTrue(manifest.contains("\"crs\": \"EPSG:28992\""));
        assertTrue(manifest.contains("\"generator\": \"nl.tweeling.sample.generator.SampleGenerator\""));
        for (Map.Entry<String, String> e : summary.sha256().entrySet()) {
            assertEquals(e.getValue(), SampleGenerator.sha256(Files.readAllBytes(dir.resolve(e.getKey()))), e.getKey());
            assertTrue(manifest.contains("\"" + e.getKey() + "\": \"" + e.getValue() + "\""), e.getKey());
        }
        assertEquals(13, summary.sha256().size());
    }

    @Test
    void sameSeedGivesIdenticalBytes(@TempDir Path second) throws IOException {
        SampleGenerator.generate(second, SEED);
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        try (Stream<Path> s = Files.list(second)) {
            assertEquals(names, s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(14, names.size());
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(n)), Files.readAllBytes(second.resolve(n)), n);
        }
    }

    /** The ground grid, read back from ground.csv.gz as the high-water model's grid. */
    static Grid groundGrid() throws IOException {
        int g = col("ground.csv.gz", "ground_m"), wa = col("ground.csv.gz", "water"), w = col("ground.csv.gz", "wkt");
        List<Grid.Cell> cells = new ArrayList<>();
        for (String[] r : rows("ground.csv.gz")) {
            Envelope e = geom(r[w]).getEnvelopeInternal();
            cells.add(new Grid.Cell(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), Double.parseDouble(r[g]),
                    r[wa] != null && !r[wa].isEmpty()));
        }
        return Grid.of(cells);
    }

    @Test
    void theGroundGridCoversTheExtentAndAgreesWithTheBuildings() throws IOException {
        Grid grid = groundGrid();
        assertEquals(300, grid.columns());
        assertEquals(280, grid.rows());
        assertEquals(84_000, rows("ground.csv.gz").size(), "one cell at every place of the extent");
        assertEquals(50, grid.cellSize(), 0);
        int water = 0;
        for (int i = 0; i < grid.cells(); i++) {
            water += grid.water(i) ? 1 : 0;
            assertTrue(grid.water(i) ? grid.ground(i) < -1 : grid.ground(i) >= -0.4 && grid.ground(i) < 5,
                    "ground " + grid.ground(i));
        }
        assertTrue(water > 500 && water < 3_000, "the rivers' cells: " + water);
        // a building's ground level is the surface at its centroid plus a little noise (sd 0.12 m): within 0.6 m of
        // the level of the cell that holds it
        int gl = col("buildings.csv.gz", "ground_level_m"), w = col("buildings.csv.gz", "wkt");
        for (String[] r : rows("buildings.csv.gz")) {
            var c = geom(r[w]).getCentroid().getCoordinate();
            int i = grid.cellAt(c.x, c.y);
            assertTrue(!grid.water(i), r[0] + " stands in a river cell");
            double diff = Double.parseDouble(r[gl]) - grid.ground(i);
            assertTrue(Math.abs(diff) < 0.6, r[0] + " ground " + r[gl] + " vs its cell's " + grid.ground(i));
        }
    }

    @Test
    void atFiveMetresTheDikesKeepEveryBuildingDryThatWouldFloodWithoutThem() throws IOException {
        Grid grid = groundGrid();
        int name = col("dikes.csv.gz", "section"), crest = col("dikes.csv.gz", "crest_m"),
                kind = col("dikes.csv.gz", "kind"), w = col("dikes.csv.gz", "wkt");
        List<Dike> dikes = new ArrayList<>();
        Set<String> sections = new HashSet<>();
        for (String[] r : rows("dikes.csv.gz")) {
            double c = Double.parseDouble(r[crest]);
            assertTrue(c >= 5 && c <= 8, r[name] + " crest " + c);
            assertTrue(Set.of("primary", "regional").contains(r[kind]), r[kind]);
            assertTrue(sections.add(r[name]), "section " + r[name] + " twice");
            dikes.add(new Dike(r[0], r[name], c, geom(r[w])));
        }
        assertTrue(sections.containsAll(List.of("IJZ-01", "IJH-01", "ZW-01", "KD-01")), sections.toString());
        boolean[] held = Flooding.spread(grid, Flooding.crests(grid, dikes, null), 5.0);
        boolean[] bathtub = Flooding.spread(grid, Flooding.crests(grid, List.of(), null), 5.0);
        int w2 = col("buildings.csv.gz", "wkt");
        int wetWith = 0, wetWithout = 0;
        for (String[] r : rows("buildings.csv.gz")) {
            var c = geom(r[w2]).getInteriorPoint().getCoordinate();
            int i = grid.cellAt(c.x, c.y);
            wetWith += held[i] ? 1 : 0;
            wetWithout += bathtub[i] ? 1 : 0;
        }
        assertEquals(0, wetWith, "at 5 m NAP every dike holds");
        assertTrue(wetWithout > 15_000, "without the dikes " + wetWithout + " buildings would stand in water");
        int floodplain = 0;
        for (int i = 0; i < grid.cells(); i++) {
            floodplain += held[i] && !grid.water(i) ? 1 : 0;
        }
        assertTrue(floodplain > 400, "the floodplains between river and dike flood: " + floodplain + " cells");
    }
}
