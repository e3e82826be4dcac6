package nl.tweeling.process.model.flood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

import nl.tweeling.process.model.InvalidInputsException;

/** The high-water model's inputs: what it accepts, and every problem of a bad request listed at once. */
class HighWaterInputsTest {

    final HighWater model = new HighWater();

    private List<String> problems(Map<String, Object> raw) {
        InvalidInputsException e = assertThrows(InvalidInputsException.class, () -> model.parseInputs(raw));
        return e.problems().stream().map(p -> p.input() + ": " + p.detail()).toList();
    }

    @Test
    void aLevelAlone() throws Exception {
        HighWater.Inputs in = model.parseInputs(Map.of("level", 5.5));
        assertEquals(5.5, in.level());
        assertNull(in.levelDatastream());
        assertNull(in.breach());
        assertEquals(5, model.parseInputs(Map.of("level", 5)).level(), "an integer is a level too");
    }

    @Test
    void aDatastreamAndABreachInRd() throws Exception {
        HighWater.Inputs in = model.parseInputs(Map.of("levelDatastream", "wl-01-water-level",
                "breach", Map.of("type", "Point", "coordinates", List.of(198728.5, 502908),
                        "crs", HighWater.RD), "breachWidth", 150));
        assertEquals("wl-01-water-level", in.levelDatastream());
        assertArrayEquals(new double[] {198728.5, 502908}, in.breach());
        assertTrue(in.breachRd());
        assertEquals(150, in.breachWidth());
        HighWater.Inputs crs84 = model.parseInputs(Map.of("level", 5, "breach",
                Map.of("type", "Point", "coordinates", List.of(6.07, 52.51))));
        assertEquals(false, crs84.breachRd());
        assertEquals(HighWater.DEFAULT_BREACH_WIDTH, crs84.breachWidth());
    }

    @Test
    void everyProblemIsListed() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("level", "high");
        raw.put("breach", Map.of("type", "Point", "coordinates", List.of(198728, 502908)));
        raw.put("breachWidth", 5);
        raw.put("colour", "blue");
        List<String> p = problems(raw);
        assertEquals(4, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("colour: Unknown input colour"), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("level: level must be a number")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("breach: breach coordinates are longitude and latitude")),
                p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("breachWidth: breachWidth must be a number")), p.toString());
    }

    @Test
    void theLevelIsRequiredOnceAndTheBreachWidthNeedsABreach() {
        List<String> none = problems(Map.of("breachWidth", 100));
        assertEquals(2, none.size(), none.toString());
        assertTrue(none.stream().anyMatch(s -> s.startsWith("level: Give the water level")), none.toString());
        assertTrue(none.stream().anyMatch(s -> s.contains("needs a breach point")), none.toString());
        List<String> both = problems(Map.of("level", 5, "levelDatastream", "wl-01-water-level"));
        assertEquals(List.of("levelDatastream: Give level or levelDatastream, not both."), both);
        assertEquals(1, problems(Map.of("level", 99)).size(), "out of range");
        assertEquals(1, problems(Map.of("level", 5, "breach", Map.of("type", "LineString",
                "coordinates", List.of(1, 2)))).size(), "not a point");
        assertEquals(1, problems(Map.of("levelDatastream", "bad key!")).size());
    }

    @Test
    void aBreachFarFromEveryDikeIsRefusedWithWhereToPutIt() {
        Grid g = FloodingTest.grid(FloodingTest.STRIP);
        GeometryFactory gf = new GeometryFactory(new PrecisionModel(), 28992);
        List<Dike> dikes = List.of(FloodingTest.RIVER_DIKE);
        HighWater.checkBreach(g, dikes, new Breach(45, 15, 10), gf);   // 30 m from the dike: fine
        IllegalArgumentException off = assertThrows(IllegalArgumentException.class,
                () -> HighWater.checkBreach(g, dikes, new Breach(500, 15, 10), gf));
        assertTrue(off.getMessage().contains("outside the ground grid"), off.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> HighWater.checkBreach(g, List.of(), new Breach(45, 15, 10), gf));
        assertTrue(none.getMessage().contains("no dikes"), none.getMessage());
    }
}
