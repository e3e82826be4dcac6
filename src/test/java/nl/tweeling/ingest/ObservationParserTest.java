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

    /**
     * Numbers in every JSON form the fast path reads itself (integers, fractions, exponents, signs, zeros,
     * long significands) give the same double as the tree path; whitespace and field order do not matter.
     */
    @Test
    void fastPathNumbersAgreeWithTheTreePath() throws Exception {
        java.util.Random random = new java.util.Random(20261128);
        ObjectMapper mapper = new ObjectMapper();
        java.util.List<String> numbers = new java.util.ArrayList<>(java.util.List.of("0", "-0", "0.0", "-0.0", "1e0", "-0e5",
                "9007199254740993", "9007199254740993.0", "123456789012345678", "1234567890123456789", "0.1", "0.30000000000000004",
                "1E22", "1e23", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014E-308", "1e-22", "123.456e-25",
                "100000000000000000000000000", "0.000000000000000000000000000001"));
        for (int k = 0; k < 20_000; k++) {
            StringBuilder n = new StringBuilder();
            if (random.nextBoolean()) {
                n.append('-');
            }
            n.append(random.nextInt(10) == 0 ? "0" : Long.toString(1 + (long) (random.nextDouble() * Math.pow(10, random.nextInt(19)))));
            if (random.nextBoolean()) {
                n.append('.');
                for (int d = 1 + random.nextInt(20); d > 0; d--) {
                    n.append(random.nextInt(10));
                }
            }
            if (random.nextInt(3) == 0) {
                n.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : random.nextBoolean() ? "+" : "")
                        .append(random.nextInt(30));
            }
            numbers.add(n.toString());
        }
        for (String n : numbers) {
            String s = random.nextBoolean()
                    ? "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":" + n + "}"
                    : " { \"result\" :\t" + n + " ,\n\"datastream\": \"a\" , \"phenomenonTime\":\"2026-11-28T10:00:00Z\" }\r\n";
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            ObservationMessage quick = parser.quick(b);
            assertTrue(quick != null, "fast path takes " + s);
            ObservationMessage tree = parser.parse(mapper.readTree(b));
            assertEquals(Double.doubleToRawLongBits(tree.result()), Double.doubleToRawLongBits(quick.result()), n);
            assertEquals(tree, quick, s);
        }
    }

    /** The fast path reads a message inside a larger buffer (a Kafka record's view of its fetch). */
    @Test
    void fastPathReadsAWindowOfABuffer() throws Exception {
        String m = "{\"datastream\":\"a\",\"phenomenonTime\":\"2024-02-29T23:59:59Z\",\"result\":1.25}";
        byte[] b = ("xx" + m + "yy").getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        assertEquals(parse(m), parser.quick(b, 2, m.length()));
        assertEquals(java.util.List.of(parse(m)), parser.parseAll(b, 2, m.length(), now));
        assertNull(parser.quick(b, 2, m.length() + 1), "trailing byte");
        assertTrue(assertThrows(InvalidObservationException.class, () -> parser.parseAll(b, 2, m.length() - 1, now))
                .getMessage().startsWith("malformed JSON"));
    }

    /** Escapes, non-ASCII text, nested values and JSON errors are left to the tree path, which decides the same way. */
    @Test
    void fastPathDeclinesWhatItDoesNotRead() throws Exception {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        String[] declined = {
            "{\"datastream\":\"a\\u0062\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1}",
            "{\"datastream\":\"zwolle-\u00e9\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1}",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":01}",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1.}",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":+1}",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1,}",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1,\"resultQuality\":nul}",
            "{\"datastream\":\"a\",\"phenomenonTime\":null,\"result\":1}",
            "{\"datastream\":\"a\",\"phenomenonTime\":\"2026-02-29T10:00:00Z\",\"result\":1}",
            "{\"datastream\":\"a\" \"phenomenonTime\":\"2026-11-28T10:00:00Z\",\"result\":1}",
            "{}",
            "",
        };
        for (String s : declined) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertNull(parser.quick(b), "fast path declines " + s);
            ObservationMessage tree;
            try {
                tree = parser.parse(b);
            } catch (InvalidObservationException e) {
                assertEquals(e.getMessage(), assertThrows(InvalidObservationException.class, () -> parser.parseAll(b, now)).getMessage(), s);
                continue;
            }
            assertEquals(java.util.List.of(tree), parser.parseAll(b, now), s);
        }
        assertEquals("zwolle-\u00e9", parser.parseAll(declined[1].getBytes(StandardCharsets.UTF_8), now).get(0).datastream());
        assertEquals("ab", parser.parseAll(declined[0].getBytes(StandardCharsets.UTF_8), now).get(0).datastream());
    }

    @Test
    void quickTimesAgreeWithTheFormatter() {
        for (String t : new String[] {"2026-11-28T10:00:00Z", "1800-01-01T00:00:00Z", "2024-02-28T23:59:59Z", "2026-12-31T00:00:01Z",
            "2024-02-29T12:00:00Z", "2000-02-29T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z"}) {
            assertEquals(java.time.OffsetDateTime.parse(t).toInstant(), ObservationParser.utcSeconds(t), t);
        }
        assertEquals(Instant.parse("2024-02-28T23:59:59Z"), ObservationParser.utcSeconds("2024-02-28T23:59:59Z"));
        for (String t : new String[] {"2026-11-28T10:00:00.5Z", "2026-11-28T24:00:00Z", "2026-02-30T10:00:00Z", "2026-02-29T10:00:00Z",
                "2026-04-31T10:00:00Z", "2026-11-28T10:00:00+01:00",
                "2026-13-01T10:00:00Z", "2026-1a-01T10:00:00Z", "2026-11-28 10:00:00Z"}) {
            assertNull(ObservationParser.utcSeconds(t), t);
        }
    }
}
