package nl.tweeling.process.model.flood;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.operation.distance.DistanceOp;

import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.process.model.FigureDescriptor;
import nl.tweeling.process.model.InputDescriptor;
import nl.tweeling.process.model.InvalidInputsException;
import nl.tweeling.process.model.InvalidInputsException.Problem;
import nl.tweeling.process.model.Model;
import nl.tweeling.process.model.ModelContext;
import nl.tweeling.process.model.OutputDescriptor;
import nl.tweeling.process.model.ResultLayer;
import nl.tweeling.process.model.ResultLayer.Column;
import nl.tweeling.process.model.ResultLayer.Type;

/**
 * high-water (docs/models/high-water.md): what floods when the river stands at a given level above NAP. Water spreads
 * from the river cells of the ground layer over the cells below the level it can reach, 4-connected, through dikes
 * only where their crest lies below the level or a breach opened them ({@link Flooding}). Outputs: the flooded areas
 * by depth class, the flooded buildings and addresses with their depth, and per buurt the residents affected, the
 * flooded addresses, buildings and area. Reads ground, dikes, buildings, addresses and buurten only through the
 * run's relations, so a scenario (a raised dike, new homes) runs the same way. Deterministic; thread-safe (no state).
 */
public final class HighWater implements Model<HighWater.Inputs, HighWater.Result> {

    /** The IJssel at Katerveer in the Zwolle sample. */
    public static final String KATERVEER = "wl-01-water-level";
    static final double MIN_LEVEL = -10, MAX_LEVEL = 30;
    static final double DEFAULT_BREACH_WIDTH = 100, MIN_BREACH_WIDTH = 10, MAX_BREACH_WIDTH = 2000;
    /** How far (m) a breach point may lie from the nearest dike. */
    static final double BREACH_REACH = 250;
    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final String RD = "http://www.opengis.net/def/crs/EPSG/0/28992";
    private static final Pattern DATASTREAM = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Set<String> INPUTS = Set.of("level", "levelDatastream", "breach", "breachWidth");

    /**
     * The validated inputs: a level (m above NAP) or the key of a water-level datastream whose latest value is the
     * level; an optional breach point (x, y in CRS84 when {@code breachRd} is false, else EPSG:28992) and width.
     */
    public record Inputs(Double level, String levelDatastream, double[] breach, boolean breachRd, double breachWidth) {
    }

    /** Where the level came from: the input, or a datastream's latest observation (key and time). */
    public record LevelSource(double levelM, String datastream, String observedAt) {
    }

    /** Totals of a run. */
    public record Result(LevelSource level, Breach breach, int floodedCells, double floodedAreaHa, double maxDepthM,
                         int areas, int buildings, int addresses, long residents, List<String> overtopped,
                         Map<String, Long> residentsPerBuurt) {
    }

    @Override
    public String id() {
        return "high-water";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String title() {
        return "High water";
    }

    @Override
    public String description() {
        return "What floods when the river stands at a given level (m above NAP): water spreads from the river over"
                + " the ground below the level that it can reach, through dikes only where their crest is lower than"
                + " the level or a breach opened them. Gives the flooded area by depth, the flooded buildings and"
                + " addresses, and the residents affected per buurt. Not a flow model: no time, no flow rates.";
    }

    @Override
    public List<InputDescriptor> inputs() {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("type", "object");
        point.put("required", List.of("type", "coordinates"));
        point.put("properties", Map.of(
                "type", Map.of("type", "string", "enum", List.of("Point")),
                "coordinates", Map.of("type", "array", "items", Map.of("type", "number"), "minItems", 2,
                        "maxItems", 2),
                "crs", Map.of("type", "string", "enum", List.of(CRS84, RD))));
        return List.of(
                InputDescriptor.optional("level", "Water level", "The river's level in m above NAP, e.g. 5.5."
                        + " Give this or levelDatastream.", Map.of("type", "number", "minimum", MIN_LEVEL,
                        "maximum", MAX_LEVEL)),
                InputDescriptor.optional("levelDatastream", "Water level from a gauge", "The key of a water-level"
                        + " datastream whose latest value is the level, e.g. \"" + KATERVEER + "\" (the IJssel at"
                        + " Katerveer). Give this or level.", Map.of("type", "string", "pattern",
                        DATASTREAM.pattern())),
                InputDescriptor.optional("breach", "Dike breach", "A GeoJSON Point on a dike where it breaches;"
                        + " coordinates in CRS84 (longitude, latitude), or in EPSG:28992 with \"crs\": \"" + RD
                        + "\". At most " + (int) BREACH_REACH + " m from a dike.", point),
                InputDescriptor.optional("breachWidth", "Breach width", "Width of the breach in m (default "
                        + (int) DEFAULT_BREACH_WIDTH + "): every ground cell closer to the breach point than half of"
                        + " it loses its dike.", Map.of("type", "number", "minimum", MIN_BREACH_WIDTH, "maximum",
                        MAX_BREACH_WIDTH, "default", DEFAULT_BREACH_WIDTH)));
    }

    @Override
    public List<OutputDescriptor> outputs() {
        return List.of(
                OutputDescriptor.layer("extent", "Flood extent", "The flooded land as areas of one depth class"
                        + " (0-0.5, 0.5-1, 1-2, 2-4, over 4 m), with their least, greatest and mean depth."),
                OutputDescriptor.layer("buildings", "Flooded buildings", "Buildings standing in water, with the"
                        + " depth at the building (level minus its ground level), its addresses and residents."),
                OutputDescriptor.layer("addresses", "Flooded addresses", "Addresses in flooded buildings (or, without"
                        + " a building, on flooded ground), with residents and depth."),
                OutputDescriptor.value("summary", "Summary", "The level used and where it came from, the breach,"
                        + " the flooded area, the greatest depth, the counts, the dike sections overtopped.",
                        Map.of("type", "object")));
    }

    @Override
    public List<FigureDescriptor> figures() {
        return List.of(new FigureDescriptor("residents_affected", "Residents affected", "persons"),
                new FigureDescriptor("addresses_flooded", "Addresses flooded", "addresses"),
                new FigureDescriptor("buildings_flooded", "Buildings flooded", "buildings"),
                new FigureDescriptor("flooded_area_ha", "Flooded area", "ha"));
    }

    @Override
    public Inputs parseInputs(Map<String, Object> raw) throws InvalidInputsException {
        List<Problem> problems = new ArrayList<>();
        for (String k : new java.util.TreeSet<>(raw.keySet())) {
            if (!INPUTS.contains(k)) {
                problems.add(new Problem(k, "Unknown input " + k + "; high-water takes level or levelDatastream,"
                        + " and optionally breach and breachWidth."));
            }
        }
        Double level = null;
        Object l = raw.get("level");
        if (l != null) {
            if (l instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= MIN_LEVEL
                    && n.doubleValue() <= MAX_LEVEL) {
                level = n.doubleValue();
            } else {
                problems.add(new Problem("level", "level must be a number of m above NAP between " + (int) MIN_LEVEL
                        + " and " + (int) MAX_LEVEL + ", e.g. 5.5."));
            }
        }
        String datastream = null;
        Object d = raw.get("levelDatastream");
        if (d != null) {
            if (d instanceof String s && DATASTREAM.matcher(s).matches()) {
                datastream = s;
            } else {
                problems.add(new Problem("levelDatastream", "levelDatastream must be a datastream key, e.g. \""
                        + KATERVEER + "\" (GET /datastreams lists them)."));
            }
        }
        if (l == null && d == null) {
            problems.add(new Problem("level", "Give the water level: level (m above NAP, e.g. 5.5) or"
                    + " levelDatastream (e.g. \"" + KATERVEER + "\" for the latest IJssel level at Katerveer)."));
        } else if (l != null && d != null) {
            problems.add(new Problem("levelDatastream", "Give level or levelDatastream, not both."));
        }
        double[] breach = null;
        boolean rd = false;
        Object b = raw.get("breach");
        if (b != null) {
            String bad = "breach must be a GeoJSON Point, e.g. {\"type\": \"Point\", \"coordinates\": [6.07, 52.50]}"
                    + " (longitude, latitude), or with \"crs\": \"" + RD + "\" and RD coordinates.";
            if (b instanceof Map<?, ?> m && "Point".equals(m.get("type")) && m.get("coordinates") instanceof List<?> c
                    && c.size() == 2 && c.get(0) instanceof Number x && c.get(1) instanceof Number y
                    && Double.isFinite(x.doubleValue()) && Double.isFinite(y.doubleValue())
                    && (m.get("crs") == null || CRS84.equals(m.get("crs")) || RD.equals(m.get("crs")))
                    && m.keySet().stream().allMatch(k -> Set.of("type", "coordinates", "crs").contains(k))) {
                rd = RD.equals(m.get("crs"));
                breach = new double[] {x.doubleValue(), y.doubleValue()};
                if (!rd && (Math.abs(breach[0]) > 180 || Math.abs(breach[1]) > 90)) {
                    problems.add(new Problem("breach", "breach coordinates are longitude and latitude in CRS84 (e.g."
                            + " [6.07, 52.50]); for RD coordinates add \"crs\": \"" + RD + "\"."));
                }
            } else {
                problems.add(new Problem("breach", bad));
            }
        }
        double width = DEFAULT_BREACH_WIDTH;
        Object w = raw.get("breachWidth");
        if (w != null) {
            if (w instanceof Number n && n.doubleValue() >= MIN_BREACH_WIDTH && n.doubleValue() <= MAX_BREACH_WIDTH) {
                width = n.doubleValue();
            } else {
                problems.add(new Problem("breachWidth", "breachWidth must be a number of m between "
                        + (int) MIN_BREACH_WIDTH + " and " + (int) MAX_BREACH_WIDTH + ", e.g. 100."));
            }
            if (b == null) {
                problems.add(new Problem("breachWidth", "breachWidth needs a breach point; give breach too."));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputsException(problems);
        }
        return new Inputs(level, datastream, breach, rd, width);
    }

    @Override
    public Result run(Inputs in, ModelContext ctx) throws Exception {
        Connection c = ctx.connection();
        GeometryFactory gf = new GeometryFactory(new PrecisionModel(), 28992);
        WKBReader wkb = new WKBReader(gf);
        ctx.progress(1, "reading the water level");
        LevelSource source = in.level() != null ? new LevelSource(in.level(), null, null)
                : latestLevel(c, in.levelDatastream());
        double level = source.levelM();

        ctx.progress(5, "reading the ground grid");
        List<Grid.Cell> cells = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql("select_ground_cells.sql", "{ground}", ctx, "ground"))) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cells.add(new Grid.Cell(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5), rs.getBoolean(6)));
                }
            }
        }
        Grid grid = Grid.of(cells);
        cells = null;

        ctx.progress(20, "reading the dikes");
        List<Dike> dikes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql("select_dikes.sql", "{dikes}", ctx, "dikes"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                dikes.add(new Dike(rs.getString(1), rs.getString(2), rs.getDouble(3), read(wkb, rs.getBytes(4))));
            }
        }
        Breach breach = null;
        if (in.breach() != null) {
            double[] xy = in.breachRd() ? in.breach() : toRd(c, in.breach());
            breach = new Breach(xy[0], xy[1], in.breachWidth());
            checkBreach(grid, dikes, breach, gf);
        }

        ctx.progress(25, "spreading the water from the river");
        double[] crest = Flooding.crests(grid, dikes, breach);
        boolean[] wet = Flooding.spread(grid, crest, level);
        List<String> overtopped = new ArrayList<>();
        for (Dike dk : dikes) {
            if (dk.crestM() < level) {
                overtopped.add(dk.section());
            }
        }

        ctx.progress(35, "reading the buurten");
        List<String> codes = new ArrayList<>();
        STRtree buurtIndex = new STRtree();
        try (PreparedStatement ps = c.prepareStatement(sql("select_buurten.sql", "{buurten}", ctx, "buurten"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String code = rs.getString(1);
                Geometry g = read(wkb, rs.getBytes(3));
                codes.add(code);
                buurtIndex.insert(g.getEnvelopeInternal(), new Object[] {code, new IndexedPointInAreaLocator(g)});
            }
        }
        buurtIndex.build();
        Map<String, double[]> perBuurt = new TreeMap<>();   // residents, addresses, buildings, area m²
        for (String code : codes) {
            perBuurt.put(code, new double[4]);
        }

        ctx.progress(40, "merging the flooded cells into areas");
        List<FloodAreas.Area> areas = FloodAreas.of(grid, wet, level, gf);
        int floodedCells = 0;
        double maxDepth = 0;
        for (int i = 0; i < grid.cells(); i++) {
            if (wet[i] && !grid.water(i)) {
                floodedCells++;
                maxDepth = Math.max(maxDepth, level - grid.ground(i));
                String code = buurtOf(buurtIndex, grid.centre(i));
                if (code != null) {
                    perBuurt.get(code)[3] += grid.cellSize() * grid.cellSize();
                }
            }
        }
        ResultLayer extent = ctx.createLayer("extent", String.format(Locale.ROOT, "Flood extent at %.2f m NAP", level),
                "Flooded land by depth class (high-water model).", "MultiPolygon", List.of(
                        new Column("depth_class", Type.TEXT), new Column("class_min_m", Type.DOUBLE),
                        new Column("class_max_m", Type.DOUBLE), new Column("min_depth_m", Type.DOUBLE),
                        new Column("max_depth_m", Type.DOUBLE), new Column("mean_depth_m", Type.DOUBLE),
                        new Column("area_ha", Type.DOUBLE), new Column("cells", Type.INTEGER)));
        for (int k = 0; k < areas.size(); k++) {
            FloodAreas.Area a = areas.get(k);
            Map<String, Object> p = new HashMap<>();
            p.put("depth_class", a.label());
            p.put("class_min_m", a.classMinM());
            p.put("class_max_m", a.classMaxM());
            p.put("min_depth_m", round(a.minDepthM()));
            p.put("max_depth_m", round(a.maxDepthM()));
            p.put("mean_depth_m", round(a.meanDepthM()));
            p.put("area_ha", round(a.areaM2() / 10_000));
            p.put("cells", a.cells());
            extent.add(String.format(Locale.ROOT, "area-%05d", k + 1), p, a.geometry());
            if (k % 200 == 0) {
                ctx.progress(40 + 15 * k / Math.max(1, areas.size()), "writing the flood extent");
            }
        }

        ctx.progress(55, "finding the flooded buildings");
        Map<String, double[]> flooded = new LinkedHashMap<>();   // id -> depth, ground
        Map<String, String> buildingBuurt = new HashMap<>();
        Set<String> known = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql("select_buildings.sql", "{buildings}", ctx, "buildings"))) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    known.add(id);
                    int i = grid.cellAt(rs.getDouble(3), rs.getDouble(4));
                    if (i < 0 || !wet[i]) {
                        continue;
                    }
                    double g = rs.getDouble(2);
                    double ground = rs.wasNull() ? grid.ground(i) : g;
                    double depth = level - ground;
                    if (depth > 0) {
                        flooded.put(id, new double[] {depth, ground});
                        buildingBuurt.put(id, buurtOf(buurtIndex, new Coordinate(rs.getDouble(3), rs.getDouble(4))));
                    }
                }
            }
        }

        ctx.progress(65, "finding the flooded addresses");
        Map<String, int[]> perBuilding = new HashMap<>();   // addresses, residents
        List<Object[]> addressRows = new ArrayList<>();     // id, building, buurt, residents, depth
        long residents = 0;
        try (PreparedStatement ps = c.prepareStatement(sql("select_addresses.sql", "{addresses}", ctx, "addresses"))) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    String building = rs.getString(2);
                    int res = rs.getInt(3);
                    double x = rs.getDouble(4), y = rs.getDouble(5);
                    double depth;
                    if (building != null && known.contains(building)) {
                        double[] f = flooded.get(building);
                        if (f == null) {
                            continue;
                        }
                        depth = f[0];
                        int[] pb = perBuilding.computeIfAbsent(building, k -> new int[2]);
                        pb[0]++;
                        pb[1] += res;
                    } else {
                        int i = grid.cellAt(x, y);
                        if (i < 0 || !wet[i] || !(level - grid.ground(i) > 0)) {
                            continue;
                        }
                        depth = level - grid.ground(i);
                    }
                    String code = buurtOf(buurtIndex, new Coordinate(x, y));
                    if (code != null) {
                        double[] pbu = perBuurt.get(code);
                        pbu[0] += res;
                        pbu[1]++;
                    }
                    residents += res;
                    addressRows.add(new Object[] {id, building, code, res, round(depth)});
                }
            }
        }
        int addresses = addressRows.size();

        ctx.progress(75, "writing the flooded addresses");
        ResultLayer addressLayer = ctx.createLayer("addresses", "Flooded addresses", "Addresses in flooded buildings"
                + " or on flooded ground (high-water model).", "Point", List.of(
                        new Column("address_id", Type.TEXT), new Column("building_id", Type.TEXT),
                        new Column("buurt_code", Type.TEXT), new Column("residents", Type.INTEGER),
                        new Column("depth_m", Type.DOUBLE)));
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("flood/insert_flooded_addresses.sql")
                .replace("{result}", addressLayer.table()).replace("{addresses}", ctx.relation("addresses")))) {
            ps.setArray(1, c.createArrayOf("text", column(addressRows, 0)));
            ps.setArray(2, c.createArrayOf("text", column(addressRows, 1)));
            ps.setArray(3, c.createArrayOf("text", column(addressRows, 2)));
            ps.setArray(4, c.createArrayOf("int4", column(addressRows, 3)));
            ps.setArray(5, c.createArrayOf("float8", column(addressRows, 4)));
            ps.executeUpdate();
        }

        ctx.progress(85, "writing the flooded buildings");
        ResultLayer buildingLayer = ctx.createLayer("buildings", "Flooded buildings", "Buildings standing in water,"
                + " with the depth at the building (high-water model).", "MultiPolygon", List.of(
                        new Column("building_id", Type.TEXT), new Column("buurt_code", Type.TEXT),
                        new Column("ground_level_m", Type.DOUBLE), new Column("depth_m", Type.DOUBLE),
                        new Column("addresses", Type.INTEGER), new Column("residents", Type.INTEGER)));
        List<Object[]> buildingRows = new ArrayList<>();
        for (Map.Entry<String, double[]> e : flooded.entrySet()) {
            String id = e.getKey();
            String code = buildingBuurt.get(id);
            if (code != null) {
                perBuurt.get(code)[2]++;
            }
            int[] pb = perBuilding.getOrDefault(id, new int[2]);
            buildingRows.add(new Object[] {id, code, round(e.getValue()[1]), round(e.getValue()[0]), pb[0], pb[1]});
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("flood/insert_flooded_buildings.sql")
                .replace("{result}", buildingLayer.table()).replace("{buildings}", ctx.relation("buildings")))) {
            ps.setArray(1, c.createArrayOf("text", column(buildingRows, 0)));
            ps.setArray(2, c.createArrayOf("text", column(buildingRows, 1)));
            ps.setArray(3, c.createArrayOf("float8", column(buildingRows, 2)));
            ps.setArray(4, c.createArrayOf("float8", column(buildingRows, 3)));
            ps.setArray(5, c.createArrayOf("int4", column(buildingRows, 4)));
            ps.setArray(6, c.createArrayOf("int4", column(buildingRows, 5)));
            ps.executeUpdate();
        }

        ctx.progress(95, "recording the figures per buurt");
        Map<String, Long> residentsPerBuurt = new TreeMap<>();
        for (Map.Entry<String, double[]> e : perBuurt.entrySet()) {
            double[] v = e.getValue();
            ctx.figure(e.getKey(), "residents_affected", v[0]);
            ctx.figure(e.getKey(), "addresses_flooded", v[1]);
            ctx.figure(e.getKey(), "buildings_flooded", v[2]);
            ctx.figure(e.getKey(), "flooded_area_ha", round(v[3] / 10_000));
            residentsPerBuurt.put(e.getKey(), (long) v[0]);
        }
        return new Result(source, breach, floodedCells,
                round(floodedCells * grid.cellSize() * grid.cellSize() / 10_000), round(maxDepth), areas.size(),
                flooded.size(), addresses, residents, overtopped, residentsPerBuurt);
    }

    @Override
    public Map<String, Object> outputs(Result r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("level_m", r.level().levelM());
        if (r.level().datastream() != null) {
            s.put("level_datastream", r.level().datastream());
            s.put("level_observed_at", r.level().observedAt());
        }
        if (r.breach() != null) {
            s.put("breach", Map.of("type", "Point", "coordinates", List.of(r.breach().x(), r.breach().y()), "crs", RD));
            s.put("breach_width_m", r.breach().widthM());
        }
        s.put("flooded_area_ha", r.floodedAreaHa());
        s.put("flooded_cells", r.floodedCells());
        s.put("max_depth_m", r.maxDepthM());
        s.put("areas", r.areas());
        s.put("buildings_flooded", r.buildings());
        s.put("addresses_flooded", r.addresses());
        s.put("residents_affected", r.residents());
        s.put("dike_sections_below_level", r.overtopped());
        return Map.of("summary", s);
    }

    private static String sql(String file, String placeholder, ModelContext ctx, String layer) {
        return SqlFiles.get("flood/" + file).replace(placeholder, ctx.relation(layer));
    }

    /** Column k of the rows, for binding as an array. */
    private static Object[] column(List<Object[]> rows, int k) {
        Object[] out = new Object[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[k];
        }
        return out;
    }

    private static Geometry read(WKBReader wkb, byte[] bytes) {
        try {
            return wkb.read(bytes);
        } catch (ParseException e) {
            throw new IllegalStateException("A geometry of the model's layers could not be read.", e);
        }
    }

    private static String buurtOf(STRtree index, Coordinate p) {
        String best = null;
        for (Object o : index.query(new org.locationtech.jts.geom.Envelope(p))) {
            Object[] b = (Object[]) o;
            if (((IndexedPointInAreaLocator) b[1]).locate(p) != Location.EXTERIOR) {
                String code = (String) b[0];
                if (best == null || code.compareTo(best) < 0) {
                    best = code;
                }
            }
        }
        return best;
    }

    static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    private static LevelSource latestLevel(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("flood/select_latest_level.sql"))) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("There is no datastream " + key + "; GET /datastreams lists"
                            + " them (the IJssel at Katerveer is " + KATERVEER + ").");
                }
                if (!"water_level".equals(rs.getString(1))) {
                    throw new IllegalArgumentException("Datastream " + key + " measures " + rs.getString(1)
                            + ", not water_level; give a water-level datastream, e.g. " + KATERVEER + ".");
                }
                String unit = rs.getString(2);
                double v = rs.getDouble(3);
                if (rs.wasNull()) {
                    throw new IllegalArgumentException("Datastream " + key + " has no observation yet; give level.");
                }
                Timestamp t = rs.getTimestamp(4);
                double m = switch (unit) {
                    case "cm" -> v / 100;
                    case "m" -> v;
                    default -> throw new IllegalArgumentException("Datastream " + key + " is in " + unit
                            + "; the model reads water levels in cm or m.");
                };
                return new LevelSource(m, key, t == null ? null : t.toInstant().toString());
            }
        }
    }

    private static double[] toRd(Connection c, double[] lonLat) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("flood/transform_point.sql"))) {
            ps.setDouble(1, lonLat[0]);
            ps.setDouble(2, lonLat[1]);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        }
    }

    /** A breach must lie on the grid and near a dike, else it would silently change nothing. */
    static void checkBreach(Grid grid, List<Dike> dikes, Breach b, GeometryFactory gf) {
        if (grid.cellAt(b.x(), b.y()) < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "The breach point (%.0f, %.0f in"
                    + " EPSG:28992) lies outside the ground grid; put it on a dike (GET /collections/dikes/items).",
                    b.x(), b.y()));
        }
        double nearest = Double.POSITIVE_INFINITY;
        Geometry p = gf.createPoint(new Coordinate(b.x(), b.y()));
        for (Dike d : dikes) {
            nearest = Math.min(nearest, DistanceOp.distance(d.line(), p));
        }
        if (dikes.isEmpty()) {
            throw new IllegalArgumentException("There are no dikes to breach; leave out breach.");
        }
        if (nearest > BREACH_REACH) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "The breach point lies %.0f m from the"
                    + " nearest dike; put it within %.0f m of one (GET /collections/dikes/items).",
                    nearest, BREACH_REACH));
        }
    }
}
