package nl.tweeling.harvest.rivm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.tweeling.harvest.Found;
import nl.tweeling.harvest.MalformedSourceException;
import nl.tweeling.support.RealData;

class LmlReaderTest {

    static final ZoneId AMS = ZoneId.of("Europe/Amsterdam");

    static Found read(String text, String component) throws Exception {
        Found f = new Found();
        new LmlReader(AMS, component, Map.of()).read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), f);
        return f;
    }

    static String meting(String datum, String tijd, String station, String component, String waarde) {
        return "<meting><datum>" + datum + "</datum><tijd>" + tijd + "</tijd><station>" + station + "</station><component>"
                + component + "</component><eenheid>ug/m3</eenheid><waarde>" + waarde + "</waarde><gevalideerd>0</gevalideerd></meting>";
    }

    static String message(String... metingen) {
        return "<?xml version=\"1.0\"?><message><body>" + String.join("", metingen) + "</body></message>";
    }

    @Test
    void realHourTijd08IsTheHourFrom07To08LocalSummerTime() throws Exception {
        Found f = new Found();
        try (InputStream in = Files.newInputStream(RealData.file("airquality/rivm_lml_measurements_2014070708.xml"))) {
            new LmlReader(AMS, null, Map.of()).read(in, f);
        }
        assertEquals(260, f.readings.size(), f.rejected.toString());
        assertTrue(f.rejected.isEmpty());
        // 07/07/2014 tijd 08 = 07:00-08:00 CEST = 05:00-06:00 UTC, stored at 05:00Z
        assertEquals(18.0, f.one("rivm-nl01483-pm10", "2014-07-07T05:00:00Z").result());
        assertEquals(60.0, f.one("rivm-nl01483-no2", "2014-07-07T05:00:00Z").result());
        assertEquals(139.0, f.one("rivm-nl01483-no", "2014-07-07T05:00:00Z").result());
        assertEquals(11.0, f.one("rivm-nl01489-o3", "2014-07-07T05:00:00Z").result());
        assertEquals(1.0, f.one("rivm-934-so2", "2014-07-07T05:00:00Z").result());
        assertEquals(73, f.one("rivm-nl01483-no2", "2014-07-07T05:00:00Z").offset());
        assertEquals("NO2", f.one("rivm-nl01483-no2", "2014-07-07T05:00:00Z").stream().observedProperty());
    }

    @Test
    void realRowsetGivesTheSameHourByItsBeginTime() throws Exception {
        Found f = new Found();
        try (InputStream in = Files.newInputStream(RealData.file("airquality/rivm_lml_rowset_2014070708_NO2.xml"))) {
            new LmlReader(AMS, "NO2", Map.of()).read(in, f);
        }
        // 75 rows, three of them -998 (LML's "no value"): missing, not values
        assertEquals(72, f.readings.size(), f.rejected.toString());
        assertEquals(3, f.missing);
        assertTrue(f.rejected.isEmpty(), f.rejected.toString());
        assertEquals(0, f.count("rivm-230-no2"));
        // BEGIN 20140707070000 local = 05:00Z: the same instant as tijd 08 in the meting export, one more decimal
        assertEquals(60.3, f.one("rivm-nl01483-no2", "2014-07-07T05:00:00Z").result());
        assertEquals(10.69, f.one("rivm-938-no2", "2014-07-07T05:00:00Z").result());
        assertEquals("RIVM LML NL01483 Botlek-Spoortunnel", f.one("rivm-nl01483-no2", "2014-07-07T05:00:00Z").stream().thing().name());
    }

    @Test
    void marchHourStartingAtTwoDoesNotExistAndIsRejected() throws Exception {
        // last Sunday of March 2025 = 30 March: clocks go from 02:00 CET to 03:00 CEST
        Found f = read(message(
                meting("30/03/2025", "02", "NL00818", "NO2", "10"),   // 01:00-02:00 CET = 00:00Z
                meting("30/03/2025", "03", "NL00818", "NO2", "11"),   // 02:00-03:00 local: does not exist
                meting("30/03/2025", "04", "NL00818", "NO2", "12"),   // 03:00-04:00 CEST = 01:00Z
                meting("29/03/2025", "24", "NL00818", "NO2", "9")),   // 23:00-24:00 CET the day before = 22:00Z
                null);
        assertEquals(10.0, f.one("rivm-nl00818-no2", "2025-03-30T00:00:00Z").result());
        assertEquals(12.0, f.one("rivm-nl00818-no2", "2025-03-30T01:00:00Z").result());
        assertEquals(9.0, f.one("rivm-nl00818-no2", "2025-03-29T22:00:00Z").result());
        assertEquals(3, f.readings.size());
        assertEquals(1, f.rejected.size());
        assertTrue(f.rejected.get(0).contains("does not exist"), f.rejected.toString());
    }

    @Test
    void octoberHourStartingAtTwoHappensTwiceFirstSummerThenWinterTime() throws Exception {
        // last Sunday of October 2025 = 26 October: clocks go from 03:00 CEST back to 02:00 CET
        Found f = read(message(
                meting("26/10/2025", "02", "NL00818", "PM10", "20"),  // 01:00-02:00 CEST = 23:00Z on the 25th
                meting("26/10/2025", "03", "NL00818", "PM10", "21"),  // 02:00 CEST = 00:00Z (first time)
                meting("26/10/2025", "03", "NL00818", "PM10", "22"),  // 02:00 CET = 01:00Z (second time)
                meting("26/10/2025", "03", "NL00818", "NO2", "30"),   // another series: its own first time
                meting("26/10/2025", "04", "NL00818", "PM10", "23"),  // 03:00 CET = 02:00Z
                meting("26/10/2025", "03", "NL00818", "PM10", "99")), // a third 02:00 cannot be placed
                null);
        assertEquals(20.0, f.one("rivm-nl00818-pm10", "2025-10-25T23:00:00Z").result());
        assertEquals(21.0, f.one("rivm-nl00818-pm10", "2025-10-26T00:00:00Z").result());
        assertEquals(22.0, f.one("rivm-nl00818-pm10", "2025-10-26T01:00:00Z").result());
        assertEquals(23.0, f.one("rivm-nl00818-pm10", "2025-10-26T02:00:00Z").result());
        assertEquals(30.0, f.one("rivm-nl00818-no2", "2025-10-26T00:00:00Z").result());
        assertEquals(1, f.rejected.size());
        assertTrue(f.rejected.get(0).contains("occurs twice"), f.rejected.toString());
    }

    @Test
    void rowsetTimesFollowTheSameDaylightSavingRule() throws Exception {
        String rows = "<ROWSET>"
                + "<ROW><STAT_NUMMER>NL00807</STAT_NUMMER><MWAA_WAARDE>5</MWAA_WAARDE><MWAA_BEGINDATUMTIJD>20250330020000</MWAA_BEGINDATUMTIJD></ROW>"
                + "<ROW><STAT_NUMMER>NL00807</STAT_NUMMER><MWAA_WAARDE>6</MWAA_WAARDE><MWAA_BEGINDATUMTIJD>20250330030000</MWAA_BEGINDATUMTIJD></ROW>"
                + "<ROW><STAT_NUMMER>NL00807</STAT_NUMMER><MWAA_WAARDE>7</MWAA_WAARDE><MWAA_BEGINDATUMTIJD>20251026020000</MWAA_BEGINDATUMTIJD></ROW>"
                + "<ROW><STAT_NUMMER>NL00807</STAT_NUMMER><MWAA_WAARDE>8</MWAA_WAARDE><MWAA_BEGINDATUMTIJD>20251026020000</MWAA_BEGINDATUMTIJD></ROW>"
                + "</ROWSET>";
        Found f = read(rows, "NO2");
        assertEquals(1, f.rejected.size());
        assertEquals(6.0, f.one("rivm-nl00807-no2", "2025-03-30T01:00:00Z").result());
        assertEquals(7.0, f.one("rivm-nl00807-no2", "2025-10-26T00:00:00Z").result());
        assertEquals(8.0, f.one("rivm-nl00807-no2", "2025-10-26T01:00:00Z").result());
    }

    @Test
    void winterHoursAreUtcPlusOneAndBadRecordsAreRejectedOneByOne() throws Exception {
        Found f = read(message(
                meting("15/01/2025", "01", "NL00818", "PM2.5", "4"),  // 00:00-01:00 CET = 23:00Z the day before
                meting("15/01/2025", "00", "NL00818", "NO2", "4"),
                meting("15/01/2025", "25", "NL00818", "NO2", "4"),
                meting("15/01/2025", "05", "NL00818", "BENZEEN", "4"),
                meting("15/01/2025", "05", "NL00818", "NO2", "veel"),
                meting("15/01/2025", "05", "NL00818", "NO2", "")), null);
        assertEquals(4.0, f.one("rivm-nl00818-pm2.5", "2025-01-14T23:00:00Z").result());
        assertEquals(1, f.readings.size());
        assertEquals(4, f.rejected.size(), f.rejected.toString());
        assertEquals(1, f.missing);
    }

    @Test
    void notLmlIsMalformedWithItsLine() {
        MalformedSourceException e = assertThrows(MalformedSourceException.class, () -> read("<html><body>", null));
        assertTrue(e.getMessage().contains("<html>"), e.getMessage());
        MalformedSourceException cut = assertThrows(MalformedSourceException.class,
                () -> read("<message>\n<body>\n<meting><datum>07/07/2014</datum>", null));
        assertTrue(cut.getMessage().contains("line 3"), cut.getMessage());
        assertThrows(MalformedSourceException.class, () -> read("<ROWSET></ROWSET>", null));
    }
}
