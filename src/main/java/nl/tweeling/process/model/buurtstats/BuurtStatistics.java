package nl.tweeling.process.model.buurtstats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
 * buurt-statistics (docs/models/buurt-statistics.md): residents, buildings and dwellings per buurt, as the baseline or
 * a scenario has them; optionally for one wijk and for buildings of one use. A building counts in the buurt that holds
 * its point on surface, an address in the buurt that holds it; residents are those of the addresses (with a use: of
 * the addresses of the counted buildings). Output: a layer of the buurten with the three figures, the same per-buurt
 * figures for comparing runs, and the totals. Deterministic; thread-safe (no state).
 */
public final class BuurtStatistics implements Model<BuurtStatistics.Inputs, BuurtStatistics.Result> {

    /** The building uses of the buildings layer. */
    public static final Set<String> USES =
            Set.of("residential", "office", "retail", "industrial", "education", "health", "other");
    private static final Pattern WIJK = Pattern.compile("[A-Za-z0-9]{1,10}");

    /** @param wijk a wijk code, or null for every buurt; @param use a building use, or null for every building */
    public record Inputs(String wijk, String use) {
    }

    public record Result(int buurten, long residents, long buildings, long dwellings) {
    }

    @Override
    public String id() {
        return "buurt-statistics";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String title() {
        return "Buurt statistics";
    }

    @Override
    public String description() {
        return "Residents, buildings and dwellings per buurt, as the baseline or a scenario has them (e.g. after"
                + " adding homes); optionally for one wijk and for buildings of one use.";
    }

    @Override
    public List<InputDescriptor> inputs() {
        return List.of(
                InputDescriptor.optional("wijk", "Wijk", "Only the buurten of this wijk (its code, e.g. \"10\");"
                        + " every buurt when absent.", Map.of("type", "string", "pattern", WIJK.pattern())),
                InputDescriptor.optional("use", "Building use", "Count only buildings of this use (and the"
                        + " residents of their addresses); every building when absent.",
                        Map.of("type", "string", "enum", USES.stream().sorted().toList())));
    }

    @Override
    public List<OutputDescriptor> outputs() {
        return List.of(
                OutputDescriptor.layer("buurten", "Buurten with statistics",
                        "Each buurt with its residents, buildings and dwellings."),
                OutputDescriptor.value("totals", "Totals", "The sums over the buurten counted.", Map.of(
                        "type", "object", "properties", Map.of(
                                "buurten", Map.of("type", "integer"),
                                "residents", Map.of("type", "integer"),
                                "buildings", Map.of("type", "integer"),
                                "dwellings", Map.of("type", "integer")))));
    }

    @Override
    public List<FigureDescriptor> figures() {
        return List.of(new FigureDescriptor("residents", "Residents", "persons"),
                new FigureDescriptor("buildings", "Buildings", "buildings"),
                new FigureDescriptor("dwellings", "Dwellings", "dwellings"));
    }

    @Override
    public Inputs parseInputs(Map<String, Object> raw) throws InvalidInputsException {
        List<Problem> problems = new ArrayList<>();
        for (String k : raw.keySet()) {
            if (!k.equals("wijk") && !k.equals("use")) {
                problems.add(new Problem(k, "Unknown input " + k + "; buurt-statistics takes wijk and use."));
            }
        }
        String wijk = null;
        Object w = raw.get("wijk");
        if (w != null) {
            if (w instanceof String s && WIJK.matcher(s).matches()) {
                wijk = s;
            } else {
                problems.add(new Problem("wijk", "wijk must be a wijk code as a string of 1 to 10 letters or digits,"
                        + " e.g. \"10\" (GET /collections/wijken/items lists them)."));
            }
        }
        String use = null;
        Object u = raw.get("use");
        if (u != null) {
            if (u instanceof String s && USES.contains(s)) {
                use = s;
            } else {
                problems.add(new Problem("use", "use must be one of " + USES.stream().sorted().toList() + "."));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputsException(problems);
        }
        return new Inputs(wijk, use);
    }

    @Override
    public Result run(Inputs in, ModelContext ctx) throws Exception {
        ctx.progress(5, "counting per buurt");
        ResultLayer layer = ctx.createLayer("buurten", "Buurt statistics"
                + (in.wijk() == null ? "" : " of wijk " + in.wijk()) + (in.use() == null ? "" : " (" + in.use() + ")"),
                "Residents, buildings and dwellings per buurt.", "MultiPolygon", List.of(
                        new Column("code", Type.TEXT), new Column("name", Type.TEXT),
                        new Column("residents", Type.BIGINT), new Column("buildings", Type.BIGINT),
                        new Column("dwellings", Type.BIGINT)));
        Connection c = ctx.connection();
        String sql = SqlFiles.get("process/insert_buurt_statistics.sql")
                .replace("{buurten}", ctx.relation("buurten"))
                .replace("{buildings}", ctx.relation("buildings"))
                .replace("{addresses}", ctx.relation("addresses"))
                .replace("{result}", layer.table());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, in.wijk());
            ps.setString(2, in.wijk());
            ps.setString(3, in.use());
            ps.setString(4, in.use());
            ps.setString(5, in.use());
            ps.executeUpdate();
        }
        ctx.progress(80, "recording the figures");
        int buurten = 0;
        long residents = 0;
        long buildings = 0;
        long dwellings = 0;
        try (PreparedStatement ps = c.prepareStatement(
                SqlFiles.get("process/select_buurt_statistics.sql").replace("{result}", layer.table()));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String code = rs.getString("code");
                buurten++;
                residents += rs.getLong("residents");
                buildings += rs.getLong("buildings");
                dwellings += rs.getLong("dwellings");
                ctx.figure(code, "residents", rs.getLong("residents"));
                ctx.figure(code, "buildings", rs.getLong("buildings"));
                ctx.figure(code, "dwellings", rs.getLong("dwellings"));
            }
        }
        if (buurten == 0) {
            throw new IllegalArgumentException("There is no buurt in wijk " + in.wijk()
                    + "; GET /collections/buurten/items lists the buurten with their wijk_code.");
        }
        ctx.progress(95, "counted " + buurten + " buurten");
        return new Result(buurten, residents, buildings, dwellings);
    }

    @Override
    public Map<String, Object> outputs(Result r) {
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("buurten", r.buurten());
        totals.put("residents", r.residents());
        totals.put("buildings", r.buildings());
        totals.put("dwellings", r.dwellings());
        return Map.of("totals", totals);
    }
}
