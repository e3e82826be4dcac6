package nl.tweeling.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.tweeling.common.problem.TweelingException;

/** The stream's filters and event ids, plain Java. */
class StreamQueryTest {

    static CommittedObservation obs(long ds, String property, Double x, Double y) {
        return new CommittedObservation(1, ds, "k" + ds, property, "2026-01-01T00:00:00Z", "1.0", 0, x, y);
    }

    static StreamQuery parse(Map<String, List<String>> params) {
        return StreamQuery.parse(params, key -> key.startsWith("ds") ? Long.valueOf(key.substring(2)) : null);
    }

    @Test
    void filtersCombineWithAndValuesWithOr() {
        StreamQuery q = parse(Map.of("datastream", List.of("ds1,ds2"), "observedProperty", List.of("NO2"),
                "bbox", List.of("6.0,52.4,6.2,52.6")));
        assertEquals(Set.of(1L, 2L), q.datastreams());
        assertTrue(q.matches(obs(2, "NO2", 6.1, 52.5)));
        assertFalse(q.matches(obs(3, "NO2", 6.1, 52.5)), "another datastream");
        assertFalse(q.matches(obs(1, "PM10", 6.1, 52.5)), "another property");
        assertFalse(q.matches(obs(1, "NO2", 6.3, 52.5)), "outside the bbox");
        assertFalse(q.matches(obs(1, "NO2", null, null)), "no place with a bbox");
        assertTrue(parse(Map.of()).matches(obs(9, "x", null, null)), "no filter: everything");
    }

    @Test
    void badParametersName() {
        for (Map<String, List<String>> bad : List.of(Map.of("bbox", List.of("1,2,3")), Map.of("bbox", List.of("6,53,7,52")),
                Map.of("bbox", List.of("1,2,3,NaN")), Map.of("bbox", List.of("0,0,1,1", "0,0,1,1")),
                Map.of("datastream", List.of("nope")), Map.of("datastream", List.of("ds1,")), Map.of("limit", List.of("3")))) {
            TweelingException e = assertThrows(TweelingException.class, () -> parse(bad), bad.toString());
            assertEquals(400, e.status());
            assertEquals(bad.keySet().iterator().next(), e.parameter());
        }
    }

    @Test
    void positionsReadBackAndRefuseWhatIsNotOne() {
        Position p = Position.parse("12.0.7.3", 4);
        assertEquals("12.0.7.3", p.toString());
        assertEquals(7, p.next(2));
        assertEquals("12.5.7.3", p.max(Position.parse("1.5.0.0", 4)).toString());
        for (String bad : List.of("", "1.2.3", "1.2.3.4.5", "1..2.3", "a.b.c.d", "-1.0.0.0", "1.0.0.0 ", "9999999999999999999.0.0.0")) {
            assertNull(Position.parse(bad, 4), bad);
        }
    }
}
