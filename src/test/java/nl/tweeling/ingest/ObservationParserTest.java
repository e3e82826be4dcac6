package nl.tweeling.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ObservationParserTest {

    final ObservationParser parser = new ObservationParser(new ObjectMapper());

    ObservationMessage parse(String s) throws InvalidObservationException {
        return parser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    String reason(String s) {
        return assertThrows(InvalidObservationException.class, () -> parse(s)).getMessage();
    }

    @Test
    void numericObservationWithLocation() throws Exception {
        ObservationMessage m = parse("{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T11:00:00+01:00\",\"result\":1.5,"
                + "\"location\":{\"type\":\"Point\",\"coordinates\":[6.09,52.51]}}");
        assertEquals("a", m.datastream());
        assertEquals(Instant.parse("2026-11-28T10:00:00Z"), m.phenomenonTime());
        assertEquals(1.5, m.result());
        assertNull(m.resultJson());
        assertEquals(6.09, m.lon());
    }

    @Test
    void numericIdAndNonNumericResult() throws Exception {
        ObservationMessage m = parse("{\"datastream\":42,\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":{\"state\":\"open\"}}");
        assertEquals("42", m.datastream());
        assertNull(m.result());
        assertEquals("{\"state\":\"open\"}", m.resultJson());
    }

    @Test
    void rejectionsSayWhy() {
        assertTrue(reason("{not json").startsWith("malformed JSON at line 1"));
        assertTrue(reason("[1,2]").contains("JSON object"));
        assertTrue(reason("{\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1}").contains("datastream"));
        assertTrue(reason("{\"datastream\":\"a\",\"result\":1}").contains("phenomenonTime"));
        assertTrue(reason("{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28 10:00\",\"result\":1}").contains("RFC 3339"));
        assertTrue(reason("{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\"}").contains("result"));
        assertTrue(reason("{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1,\"location\":{\"type\":\"Line\"}}")
                .contains("location"));
    }

    /** The streaming fast path and the tree path agree on every message; anything unusual goes to the tree. */
    @Test
    void streamingFastPathAgreesWithTheTreePath() throws Exception {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        String[] agree = {
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":23.4}",
            "{\"result\":7,\"phenomenonTime\":\"2026-11-28T11:00:00+01:00\",\"datastream\":\"b\",\"resultQuality\":\"ok\"}",
            "{\"datastream\":\"c\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1e3,\"resultQuality\":null}",
            "{\"datastream\":\"d\",\"datastream\":\"e\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":-0.5}",
        };
        for (String s : agree) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            ObservationMessage quick = parser.quick(b);
            assertTrue(quick != null, "fast path takes " + s);
            assertEquals(parser.parse(new ObjectMapper().readTree(b)), quick, s);
            assertEquals(java.util.List.of(quick), parser.parseAll(b, now));
        }
        String[] declined = {
            "{\"datastream\":42,\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1}",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":\"open\"}",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1,\"location\":{\"type\":\"Point\",\"coordinates\":[6,52]}}",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"yesterday\",\"result\":1}",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1e999}",
            "{\"datastream\":\" \",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1}",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1} trailing",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\"",
            "[{\"n\":\"a\",\"v\":1}]",
        };
        for (String s : declined) {
            assertNull(parser.quick(s.getBytes(StandardCharsets.UTF_8)), "fast path declines " + s);
        }
        assertEquals("phenomenonTime is not an RFC 3339 date-time with offset", assertThrows(InvalidObservationException.class,
                () -> parser.parseAll(declined[3].getBytes(StandardCharsets.UTF_8), now)).getMessage());
        assertEquals("result is not a finite number", assertThrows(InvalidObservationException.class,
                () -> parser.parseAll(declined[4].getBytes(StandardCharsets.UTF_8), now)).getMessage());
    }

    @Test
    void quickTimesAgreeWithTheFormatter() {
        for (String t : new String[] {"2026-11-28T10:00:00Z", "1800-01-01T00:00:00Z", "2024-02-28T23:59:59Z", "2026-12-31T00:00:01Z"}) {
            Instant quick = ObservationParser.utcSeconds(t);
            assertEquals(java.time.OffsetDateTime.parse(t).toInstant(), quick == null ? java.time.OffsetDateTime.parse(t).toInstant() : quick, t);
        }
        assertEquals(Instant.parse("2024-02-28T23:59:59Z"), ObservationParser.utcSeconds("2024-02-28T23:59:59Z"));
        for (String t : new String[] {"2026-11-28T10:00:00.5Z", "2026-11-28T24:00:00Z", "2026-02-30T10:00:00Z", "2026-11-28T10:00:00+01:00",
                "2026-13-01T10:00:00Z", "2026-1a-01T10:00:00Z", "2026-11-28 10:00:00Z"}) {
            assertNull(ObservationParser.utcSeconds(t), t);
        }
    }
}
