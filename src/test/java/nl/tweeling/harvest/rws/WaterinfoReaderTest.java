package nl.tweeling.harvest.rws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import nl.tweeling.harvest.Found;
import nl.tweeling.harvest.MalformedSourceException;
import nl.tweeling.support.RealData;

class WaterinfoReaderTest {

    static Found read(boolean forecasts) throws Exception {
        Found f = new Found();
        try (InputStream in = Files.newInputStream(RealData.file("water/rws_waterinfo_katerveer_KATV_20241123.json"))) {
            new WaterinfoReader("katv", 6.0606, 52.5338, forecasts).read(in, f);
        }
        return f;
    }

    @Test
    void katerveerMeasuredLevelsInCmNapAtTheirUtcInstants() throws Exception {
        Found f = read(false);
        assertEquals(287, f.readings.size());
        assertEquals(287, f.count("rws-katv-water-level"));
        // first and last measured values of the file, and one in between
        assertEquals(78.0, f.one("rws-katv-water-level", "2024-11-22T16:10:00Z").result());
        assertEquals(77.0, f.one("rws-katv-water-level", "2024-11-22T16:20:00Z").result());
        assertEquals(101.0, f.one("rws-katv-water-level", "2024-11-24T15:50:00Z").result());
        assertEquals(1, f.one("rws-katv-water-level", "2024-11-22T16:10:00Z").offset());
        assertEquals("water_level", f.readings.get(0).stream().observedProperty());
        assertEquals("Rijkswaterstaat Katerveer", f.readings.get(0).stream().thing().name());
    }

    @Test
    void forecastsGoToTheirOwnDatastreamOnlyWhenAskedFor() throws Exception {
        Found f = read(true);
        assertEquals(287, f.count("rws-katv-water-level"));
        assertEquals(289, f.count("rws-katv-water-level-forecast"));
        assertEquals(80.0, f.one("rws-katv-water-level-forecast", "2024-11-23T06:00:00Z").result());
        assertEquals(91.0, f.one("rws-katv-water-level-forecast", "2024-11-25T06:00:00Z").result());
    }

    @Test
    void anotherUnitOrNoSeriesIsRefused() {
        String metres = "{\"series\":[{\"unit\":\"m\",\"isPrediction\":false,\"meta\":{\"locationName\":\"X\"},"
                + "\"data\":[{\"dateTime\":\"2024-11-22T16:10:00Z\",\"value\":0.78}]}]}";
        MalformedSourceException e = assertThrows(MalformedSourceException.class, () -> new WaterinfoReader(null, null, null, false)
                .read(new ByteArrayInputStream(metres.getBytes(StandardCharsets.UTF_8)), new Found()));
        assertTrue(e.getMessage().contains("expected cm"), e.getMessage());
        assertThrows(MalformedSourceException.class, () -> new WaterinfoReader(null, null, null, false)
                .read(new ByteArrayInputStream("{\"series\": [".getBytes(StandardCharsets.UTF_8)), new Found()));
    }

    @Test
    void nullValuesAreMissingAndBadTimesRejected() throws Exception {
        String doc = "{\"series\":[{\"unit\":\"cm\",\"isPrediction\":false,\"meta\":{\"locationName\":\"Katerveer\"},\"data\":["
                + "{\"dateTime\":\"2024-11-22T16:10:00Z\",\"value\":null},"
                + "{\"dateTime\":\"2024-11-22 16:20\",\"value\":77},"
                + "{\"dateTime\":\"2024-11-22T16:30:00+01:00\",\"value\":79}]}]}";
        Found f = new Found();
        new WaterinfoReader(null, null, null, false).read(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), f);
        assertEquals(1, f.missing);
        assertEquals(1, f.rejected.size());
        // an explicit offset is honoured: 16:30+01:00 is 15:30 UTC
        assertEquals(79.0, f.one("rws-katerveer-water-level", "2024-11-22T15:30:00Z").result());
    }
}
