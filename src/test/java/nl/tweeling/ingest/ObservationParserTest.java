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
}
