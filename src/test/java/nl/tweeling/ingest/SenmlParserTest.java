package nl.tweeling.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** SenML (RFC 8428) packs into observations. */
class SenmlParserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    static List<ObservationMessage> parse(String pack) throws Exception {
        return SenmlParser.parse(JSON.readTree(pack), NOW);
    }

    @Test
    void baseNameAndBaseTimeApplyToTheRecordsThatFollow() throws Exception {
        List<ObservationMessage> obs = parse("[{\"bn\":\"zwolle-air-01-\",\"bt\":1.7645e9,\"n\":\"no2\",\"u\":\"ug/m3\",\"v\":21.5},"
                + "{\"n\":\"pm10\",\"t\":60,\"v\":14},{\"bn\":\"gate-3\",\"vb\":true}]");
        assertEquals(3, obs.size());
        assertEquals("zwolle-air-01-no2", obs.get(0).datastream());
        assertEquals(Instant.ofEpochSecond(1_764_500_000L), obs.get(0).phenomenonTime());
        assertEquals(21.5, obs.get(0).result());
        assertEquals("zwolle-air-01-pm10", obs.get(1).datastream());
        assertEquals(Instant.ofEpochSecond(1_764_500_060L), obs.get(1).phenomenonTime());
        assertEquals("gate-3", obs.get(2).datastream());
        assertNull(obs.get(2).result());
        assertEquals("true", obs.get(2).resultJson());
    }

    @Test
    void smallTimesAreRelativeToNowAndBaseValueAdds() throws Exception {
        List<ObservationMessage> obs = parse("[{\"bn\":\"s\",\"bv\":100,\"t\":-30,\"v\":2.5}]");
        assertEquals(NOW.minusSeconds(30), obs.get(0).phenomenonTime());
        assertEquals(102.5, obs.get(0).result());
    }

    @Test
    void malformedPacksSayWhy() {
        assertTrue(assertThrows(InvalidObservationException.class, () -> parse("[{\"v\":1}]")).getMessage().contains("no name"));
        assertTrue(assertThrows(InvalidObservationException.class, () -> parse("[{\"n\":\"a\"}]")).getMessage().contains("no value"));
        assertTrue(assertThrows(InvalidObservationException.class, () -> parse("[{\"n\":\"a\",\"v\":\"x\"}]")).getMessage().contains("number"));
        assertTrue(assertThrows(InvalidObservationException.class, () -> parse("{\"n\":\"a\"}")).getMessage().contains("array"));
    }
}
