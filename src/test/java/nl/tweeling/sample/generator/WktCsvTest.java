package nl.tweeling.sample.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** WKT-in / WKT-out and CSV round trips of the sample writers. */
class WktCsvTest {
    private final WKTReader reader = new WKTReader(Geo.GF);

    private String roundTrip(String wkt) throws ParseException {
        return Wkt.of(reader.read(wkt));
    }

    @Test
    void polygonIsWrittenAsMultiPolygonRoundedToCentimetres() throws ParseException {
        assertEquals("MULTIPOLYGON (((203000.12 503000, 203010.5 503000, 203010.5 503010.01, 203000.12 503000)))",
                roundTrip("POLYGON ((203000.123 503000.001, 203010.5 503000, 203010.499 503010.009, 203000.123 503000.001))"));
    }

    @Test
    void multiPolygonWithHoleKeepsRings() throws ParseException {
        assertEquals("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2)), ((20 0, 21 0, 21 1, 20 0)))",
                roundTrip("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2)), ((20 0, 21 0, 21 1, 20 0)))"));
    }

    @Test
    void lineStringIsWrittenAsMultiLineString() throws ParseException {
        assertEquals("MULTILINESTRING ((1.5 2.25, 3 4))", roundTrip("LINESTRING (1.5 2.25, 3.001 3.999)"));
    }

    @Test
    void pointStaysPoint() throws ParseException {
        assertEquals("POINT (203001.1 503002.02)", roundTrip("POINT (203001.1049 503002.016)"));
    }

    @Test
    void numbersAreLocaleFreeWithoutTrailingZeros() {
        assertEquals("12.5", Fmt.dec(12.50001, 2));
        assertEquals("7", Fmt.dec(6.9999, 2));
        assertEquals("0.05", Fmt.dec(0.049, 2));
        assertEquals("-0.3", Fmt.dec(-0.3, 2));
        assertEquals("0.125", Fmt.dec(0.125, 3));
    }

    @Test
    void csvQuotesOnlyWhenNeededAndWritesNullAsEmpty() throws IOException {
        Csv csv = new Csv("a", "b", "c", "d");
        csv.row("plain", "with,comma", "with \"quote\"", null);
        String text = new String(csv.bytes(), StandardCharsets.UTF_8);
        assertEquals("a,b,c,d\nplain,\"with,comma\",\"with \"\"quote\"\"\",\n", text);
        List<String[]> rows = Csv.parse(new BufferedReader(new StringReader(text)));
        assertEquals(2, rows.size());
        assertArrayEquals(new String[] {"plain", "with,comma", "with \"quote\"", null}, rows.get(1));
    }

    @Test
    void gzipHeaderIsFixedAndContentRoundTrips() throws IOException {
        byte[] data = "feature_id,wkt\nx,\"POINT (1 2)\"\n".getBytes(StandardCharsets.UTF_8);
        byte[] gz = Csv.gzip(data);
        assertEquals(0x1f, gz[0] & 0xff);
        assertEquals(0x8b, gz[1] & 0xff);
        assertEquals(0, gz[3], "no flags (no file name)");
        for (int i = 4; i < 8; i++) {
            assertEquals(0, gz[i], "mtime must be 0");
        }
        assertArrayEquals(gz, Csv.gzip(data));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void cbsCodeFollowsTheJoinKey() {
        AreaTable.Buurt b = new AreaTable.Buurt("100", "Binnenstad-zuid", "10", 1, 1, 0, 0);
        assertEquals("BU01931000", b.cbsCode());
        assertNull(new AreaTable.Buurt("225", "x", "22", null, null, 0, 0).residents());
    }

    @Test
    void largestRemainderHandsOutExactly() {
        int[] out = BuildingLayout.largestRemainder(new double[] {1, 1, 1}, 3, 10);
        assertEquals(10, out[0] + out[1] + out[2]);
        assertEquals(4, out[0]);
    }
}
