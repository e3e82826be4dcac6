package nl.tweeling.harvest.ndw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import nl.tweeling.harvest.Found;
import nl.tweeling.harvest.MalformedSourceException;
import nl.tweeling.support.RealData;

class TrafficSpeedReaderTest {

    static final String A28_ZWOLLE = "RWS01_MONIBAS_0281hrl1085ra_1";
    static final String A28_OTHER = "RWS01_MONIBAS_0281hrr1108ra";

    static Found read(Set<String> sites) throws Exception {
        Found f = new Found();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(RealData.file("traffic/ndw_trafficspeed_20250815T2149.xml.gz")))) {
            new TrafficSpeedReader(sites).read(in, f);
        }
        return f;
    }

    @Test
    void configuredA28SitesNearZwolle() throws Exception {
        Found f = read(Set.of(A28_ZWOLLE, A28_OTHER));
        // A28 km 108.5: 12 flow values, 5 speeds with a value and 7 speeds of -1 (missing); km 110.8: 3 + 3
        assertEquals(23, f.readings.size());
        assertEquals(7, f.missing);
        assertTrue(f.rejected.isEmpty(), f.rejected.toString());
        assertEquals(360.0, f.one("ndw-" + A28_ZWOLLE + "-20", "2025-08-15T21:47:00Z").result());
        assertEquals("traffic_count", f.one("ndw-" + A28_ZWOLLE + "-20", "2025-08-15T21:47:00Z").stream().observedProperty());
        assertEquals(105.83, f.one("ndw-" + A28_ZWOLLE + "-24", "2025-08-15T21:47:00Z").result());
        assertEquals("traffic_speed", f.one("ndw-" + A28_ZWOLLE + "-24", "2025-08-15T21:47:00Z").stream().observedProperty());
        assertEquals(0.0, f.one("ndw-" + A28_ZWOLLE + "-1", "2025-08-15T21:47:00Z").result());
        assertEquals(0, f.count("ndw-" + A28_ZWOLLE + "-5"));
        assertEquals(117.0, f.one("ndw-" + A28_OTHER + "-6", "2025-08-15T21:47:00Z").result());
        assertEquals(4784L * 1000 + 24, f.one("ndw-" + A28_ZWOLLE + "-24", "2025-08-15T21:47:00Z").offset());
    }

    @Test
    void wholeNationalFeedStreams() throws Exception {
        Found f = read(null);
        // 19,587 siteMeasurements: 94,996 flows and 58,966 speeds with a value, 36,024 values of -1
        assertEquals(94_996 + 58_966, f.readings.size());
        assertEquals(36_024, f.missing);
        assertEquals(72.0, f.one("ndw-PZH01_MST_0065_00-8", "2025-08-15T21:48:00Z").result());
        assertEquals(120.0, f.one("ndw-PZH01_MST_0065_00-2", "2025-08-15T21:48:00Z").result());
    }

    @Test
    void notAMeasuredDataPublicationIsMalformed() {
        String situation = "<d2LogicalModel><payloadPublication xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:type=\"SituationPublication\"/></d2LogicalModel>";
        assertThrows(MalformedSourceException.class, () -> new TrafficSpeedReader(null)
                .read(new ByteArrayInputStream(situation.getBytes(StandardCharsets.UTF_8)), new Found()));
        assertThrows(MalformedSourceException.class, () -> new TrafficSpeedReader(null)
                .read(new ByteArrayInputStream("<a><b>".getBytes(StandardCharsets.UTF_8)), new Found()));
    }
}
