package nl.tweeling.harvest.knmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.tweeling.harvest.MalformedSourceException;
import nl.tweeling.harvest.Reading;
import nl.tweeling.harvest.ReadingSink;
import nl.tweeling.support.RealData;

class KnmiDailyReaderTest {

    /** Collects what a reader finds. */
    static final class Found implements ReadingSink {
        final List<Reading> readings = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();
        int missing;

        @Override
        public void reading(Reading r) {
            readings.add(r);
        }

        @Override
        public void rejected(long offset, String reason) {
            rejected.add(offset + ": " + reason);
        }

        @Override
        public void missing(long offset) {
            missing++;
        }

        Reading one(String stream, String instant) {
            List<Reading> m = readings.stream()
                    .filter(r -> r.stream().key().equals(stream) && r.phenomenonTime().equals(Instant.parse(instant)))
                    .toList();
            assertEquals(1, m.size(), stream + " at " + instant);
            return m.get(0);
        }

        long count(String stream) {
            return readings.stream().filter(r -> r.stream().key().equals(stream)).count();
        }
    }

    static Found read(InputStream in) throws Exception {
        Found f = new Found();
        new KnmiDailyReader(Map.of("278", new double[] {6.259, 52.4346}), Map.of("278", "Heino")).read(in, f);
        return f;
    }

    @Test
    void heinoValuesAreTenthsOfDegreesAtTheStartOfTheUtDay() throws Exception {
        Found f;
        try (InputStream in = Files.newInputStream(RealData.file("weather/knmi_etmgeg_278_heino.txt"))) {
            f = read(in);
        }
        // counts of non-blank TG, TN, TX and RH fields in the file (awk over the 13,377 day lines)
        assertEquals(13257, f.count("knmi-278-tg"));
        assertEquals(13247, f.count("knmi-278-tn"));
        assertEquals(13247, f.count("knmi-278-tx"));
        assertEquals(12431, f.count("knmi-278-rh"));
        assertTrue(f.rejected.isEmpty(), f.rejected.toString());

        // 278,20260625: TG 245, TN 188, TX 299, RH 0
        assertEquals(24.5, f.one("knmi-278-tg", "2026-06-25T00:00:00Z").result());
        assertEquals(18.8, f.one("knmi-278-tn", "2026-06-25T00:00:00Z").result());
        assertEquals(29.9, f.one("knmi-278-tx", "2026-06-25T00:00:00Z").result());
        assertEquals(0.0, f.one("knmi-278-rh", "2026-06-25T00:00:00Z").result());
        // 278,20260106: TG -19, TN -46, TX 1, RH 2
        assertEquals(-1.9, f.one("knmi-278-tg", "2026-01-06T00:00:00Z").result());
        assertEquals(-4.6, f.one("knmi-278-tn", "2026-01-06T00:00:00Z").result());
        assertEquals(0.1, f.one("knmi-278-tx", "2026-01-06T00:00:00Z").result());
        assertEquals(0.2, f.one("knmi-278-rh", "2026-01-06T00:00:00Z").result());
        // the coldest night in the file: 278,20120204 TN -179
        assertEquals(-17.9, f.one("knmi-278-tn", "2012-02-04T00:00:00Z").result());
        assertEquals(20120204L, f.one("knmi-278-tn", "2012-02-04T00:00:00Z").offset());
        // 278,19891013, the first day with values: TG 130
        assertEquals(13.0, f.one("knmi-278-tg", "1989-10-13T00:00:00Z").result());

        Reading r = f.one("knmi-278-tg", "2026-06-25T00:00:00Z");
        assertEquals("air_temperature", r.stream().observedProperty());
        assertEquals("knmi-278", r.stream().thing().key());
        assertEquals("KNMI Heino (278)", r.stream().thing().name());
        assertEquals(6.259, r.stream().thing().lon());
        assertEquals("precipitation", f.one("knmi-278-rh", "2026-06-25T00:00:00Z").stream().observedProperty());
    }

    static final String LEGEND = """
            YYYYMMDD  = Datum (YYYY=jaar MM=maand DD=dag) / Date (YYYY=year MM=month DD=day)
            TG        = Etmaalgemiddelde temperatuur (in 0.1 graden Celsius) / Daily mean temperature in (0.1 degrees Celsius)
            RH        = Etmaalsom van de neerslag (in 0.1 mm) (-1 voor <0.05 mm) / Daily precipitation amount (in 0.1 mm) (-1 for <0.05 mm)
            """;

    @Test
    void minusOneRainIsLessThanATwentiethOfAMillimetreAndBlanksAreMissing() throws Exception {
        String file = LEGEND + "\n# STN,YYYYMMDD,   TG,   RH\n\n  278,20240301,   57,   -1\n  278,20240302,     ,   34\n  278,2024030X,   10,    1\n";
        Found f = read(new ByteArrayInputStream(file.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(0.0, f.one("knmi-278-rh", "2024-03-01T00:00:00Z").result());
        assertEquals(5.7, f.one("knmi-278-tg", "2024-03-01T00:00:00Z").result());
        assertEquals(3.4, f.one("knmi-278-rh", "2024-03-02T00:00:00Z").result());
        assertEquals(1, f.missing);
        assertEquals(1, f.rejected.size());
        assertTrue(f.rejected.get(0).contains("2024030X"), f.rejected.toString());
    }

    @Test
    void aLegendWithAnotherUnitIsRefusedNotMisread() {
        String file = LEGEND.replace("(in 0.1 graden Celsius)", "(in 0.1 graden Fahrenheit)")
                + "\n# STN,YYYYMMDD,   TG\n  278,20240301,   57\n";
        MalformedSourceException e = assertThrows(MalformedSourceException.class,
                () -> read(new ByteArrayInputStream(file.getBytes(StandardCharsets.ISO_8859_1))));
        assertTrue(e.getMessage().contains("graden Fahrenheit"), e.getMessage());
    }

    @Test
    void aDocumentWithoutTheHeaderIsNotAKnmiFile() {
        MalformedSourceException e = assertThrows(MalformedSourceException.class,
                () -> read(new ByteArrayInputStream("<html>maintenance</html>".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("# STN,YYYYMMDD"), e.getMessage());
    }
}
