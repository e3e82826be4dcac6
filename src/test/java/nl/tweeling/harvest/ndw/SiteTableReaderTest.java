package nl.tweeling.harvest.ndw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.tweeling.harvest.MalformedSourceException;
import nl.tweeling.support.RealData;

class SiteTableReaderTest {

    /** The one site of the real excerpt (N457 hmp 4.75 Re), also in the real trafficspeed document. */
    static final String SITE = "PZH01_MST_0629_00";

    static String sample() throws Exception {
        return Files.readString(RealData.file("traffic/ndw_measurementsitetable_sample.xml"));
    }

    /**
     * The real excerpt with {@code location} added to its record: the excerpt itself has no
     * measurementSiteLocation, so the coordinates in these tests are made up (near the N457).
     */
    static String withLocation(String location) throws Exception {
        String s = sample();
        assertTrue(s.contains("</measurementSiteRecord>"));
        return s.replace("</measurementSiteRecord>", location + "</measurementSiteRecord>");
    }

    static String point(double lat, double lon) {
        return "<measurementSiteLocation xsi:type=\"Point\"><pointByCoordinates><pointCoordinates>"
                + "<latitude>" + lat + "</latitude><longitude>" + lon + "</longitude>"
                + "</pointCoordinates></pointByCoordinates></measurementSiteLocation>";
    }

    static Map<String, double[]> read(String xml, Set<String> sites) throws Exception {
        return new SiteTableReader(sites).read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void realExcerptHasARecordWithoutLocation() throws Exception {
        assertEquals(Map.of(), read(sample(), null));
    }

    @Test
    void pointByCoordinatesIsTheSitesLocation() throws Exception {
        Map<String, double[]> m = read(withLocation(point(52.012345, 4.654321)), null);
        assertEquals(Set.of(SITE), m.keySet());
        assertArrayEquals(new double[] {4.654321, 52.012345}, m.get(SITE));
        assertEquals(Map.of(), read(withLocation(point(52.012345, 4.654321)), Set.of("RWS01_MONIBAS_0281hrl1085ra_1")));
    }

    @Test
    void locationForDisplayOnlyWhenThereIsNoPoint() throws Exception {
        String display = "<locationForDisplay><latitude>52.1</latitude><longitude>4.7</longitude></locationForDisplay>";
        String both = "<measurementSiteLocation xsi:type=\"Point\">" + display
                + "<pointByCoordinates><pointCoordinates><latitude>52.2</latitude><longitude>4.8</longitude>"
                + "</pointCoordinates></pointByCoordinates></measurementSiteLocation>";
        assertArrayEquals(new double[] {4.8, 52.2}, read(withLocation(both), null).get(SITE));
        assertArrayEquals(new double[] {4.7, 52.1}, read(withLocation("<measurementSiteLocation xsi:type=\"Linear\">" + display
                + "<linearExtension><linearByCoordinatesExtension><linearCoordinatesStartPoint><pointCoordinates>"
                + "<latitude>52.3</latitude><longitude>4.9</longitude></pointCoordinates></linearCoordinatesStartPoint>"
                + "</linearByCoordinatesExtension></linearExtension></measurementSiteLocation>"), null).get(SITE));
    }

    @Test
    void brokenTablesAreMalformed() throws Exception {
        String s = sample();
        String truncated = s.substring(0, s.length() / 2);
        MalformedSourceException e = assertThrows(MalformedSourceException.class, () -> read(truncated, null));
        assertTrue(e.getMessage().startsWith("XML error"), e.getMessage());
        e = assertThrows(MalformedSourceException.class, () -> read(withLocation(point(52.0, 4.6)
                .replace("52.0", "52,0")), null));
        assertEquals("measurementSiteRecord " + SITE + ": latitude '52,0' is not a number", e.getMessage());
        e = assertThrows(MalformedSourceException.class, () -> read(withLocation(point(152.0, 4.6)), null));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        e = assertThrows(MalformedSourceException.class, () -> read(withLocation(point(52.0, 4.6)
                .replace("<longitude>4.6</longitude>", "")), null));
        assertTrue(e.getMessage().contains("a latitude but no longitude"), e.getMessage());
        e = assertThrows(MalformedSourceException.class, () -> read(s.replace("MeasurementSiteTablePublication",
                "MeasuredDataPublication"), null));
        assertEquals("payloadPublication is MeasuredDataPublication, expected MeasurementSiteTablePublication", e.getMessage());
    }
}
