package nl.tweeling.process.model.buurtstats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.tweeling.process.model.InvalidInputsException;

/** buurt-statistics' inputs: what it accepts, and every problem at once. */
class BuurtStatisticsInputsTest {

    private final BuurtStatistics model = new BuurtStatistics();

    @Test
    void acceptsNothingOrAWijkAndAUse() throws InvalidInputsException {
        assertEquals(new BuurtStatistics.Inputs(null, null), model.parseInputs(Map.of()));
        assertEquals(new BuurtStatistics.Inputs("10", "office"), model.parseInputs(Map.of("wijk", "10", "use", "office")));
    }

    @Test
    void reportsEveryProblem() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("wijk", 10);
        raw.put("use", "castle");
        raw.put("level", 5.5);
        InvalidInputsException e = assertThrows(InvalidInputsException.class, () -> model.parseInputs(raw));
        assertEquals(List.of("level", "wijk", "use"), e.problems().stream().map(InvalidInputsException.Problem::input)
                .toList());
        assertThrows(InvalidInputsException.class, () -> model.parseInputs(Map.of("wijk", "1 0")));
        assertThrows(InvalidInputsException.class, () -> model.parseInputs(Map.of("wijk", "")));
    }
}
