package nl.tweeling.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

import nl.tweeling.process.model.FigureDescriptor;
import nl.tweeling.process.model.InputDescriptor;
import nl.tweeling.process.model.InvalidInputsException;
import nl.tweeling.process.model.Model;
import nl.tweeling.process.model.ModelContext;
import nl.tweeling.process.model.OutputDescriptor;
import nl.tweeling.process.model.ResultLayer;

/**
 * A test fixture process ({@code test-wait}, only on the test classpath) that exercises the machinery where the real
 * models are too quick or too fixed: it runs for {@code seconds} (reporting progress every 50 ms, so it can be
 * dismissed while running), writes {@code points} points at (200000 + i, 500000) into a result layer, and records the
 * per-buurt figures given as {@code figures} ({"buurt code": number}).
 */
@ApplicationScoped
public class WaitModelProvider implements ModelProvider {

    record Inputs(double seconds, int points, Map<String, Number> figures) {
    }

    static final class WaitModel implements Model<Inputs, Integer> {

        @Override
        public String id() {
            return "test-wait";
        }

        @Override
        public String version() {
            return "0.0.1";
        }

        @Override
        public String title() {
            return "Test: wait";
        }

        @Override
        public String description() {
            return "Test fixture: waits, writes points and given figures.";
        }

        @Override
        public List<InputDescriptor> inputs() {
            return List.of(
                    InputDescriptor.required("seconds", "Seconds", "How long to run",
                            Map.of("type", "number", "minimum", 0, "maximum", 60)),
                    InputDescriptor.optional("points", "Points", "How many points to write",
                            Map.of("type", "integer", "minimum", 0)),
                    InputDescriptor.optional("figures", "Figures", "Figure 'count' per buurt code",
                            Map.of("type", "object")));
        }

        @Override
        public List<OutputDescriptor> outputs() {
            return List.of(OutputDescriptor.layer("points", "Points", "The points written"),
                    OutputDescriptor.value("written", "Written", "How many points", Map.of("type", "integer")));
        }

        @Override
        public List<FigureDescriptor> figures() {
            return List.of(new FigureDescriptor("count", "Count", "things"));
        }

        @Override
        @SuppressWarnings("unchecked")
        public Inputs parseInputs(Map<String, Object> raw) throws InvalidInputsException {
            List<InvalidInputsException.Problem> problems = new ArrayList<>();
            Object s = raw.get("seconds");
            if (!(s instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 60) {
                problems.add(new InvalidInputsException.Problem("seconds", "seconds must be a number from 0 to 60."));
            }
            Object p = raw.getOrDefault("points", 1);
            if (!(p instanceof Integer i) || i < 0) {
                problems.add(new InvalidInputsException.Problem("points", "points must be a whole number, 0 or more."));
            }
            Object f = raw.getOrDefault("figures", Map.of());
            if (!(f instanceof Map<?, ?> m) || !m.values().stream().allMatch(v -> v instanceof Number)) {
                problems.add(new InvalidInputsException.Problem("figures", "figures must map buurt codes to numbers."));
            }
            for (String k : raw.keySet()) {
                if (!List.of("seconds", "points", "figures").contains(k)) {
                    problems.add(new InvalidInputsException.Problem(k, "Unknown input " + k + "."));
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputsException(problems);
            }
            return new Inputs(((Number) s).doubleValue(), (Integer) p, (Map<String, Number>) f);
        }

        @Override
        public boolean small(Inputs in) {
            return in.seconds() <= 10;
        }

        @Override
        public Integer run(Inputs in, ModelContext ctx) throws Exception {
            ResultLayer layer = ctx.createLayer("points", null, null, "Point",
                    List.of(new ResultLayer.Column("n", ResultLayer.Type.INTEGER)));
            GeometryFactory gf = new GeometryFactory();
            for (int i = 0; i < in.points(); i++) {
                layer.add("p" + i, Map.of("n", i), gf.createPoint(new Coordinate(200000 + i, 500000)));
            }
            long end = System.nanoTime() + (long) (in.seconds() * 1e9);
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                Thread.sleep(50);
                ctx.progress((int) (100 * (System.nanoTime() - start) / Math.max(1, end - start)), "waiting");
            }
            for (var e : in.figures().entrySet()) {
                ctx.figure(e.getKey(), "count", e.getValue().doubleValue());
            }
            return in.points();
        }

        @Override
        public Map<String, Object> outputs(Integer written) {
            return Map.of("written", written);
        }
    }

    @Override
    public Model<?, ?> model() {
        return new WaitModel();
    }
}
