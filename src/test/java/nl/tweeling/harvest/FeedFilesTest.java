package nl.tweeling.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.tweeling.support.RealData;

/** HarvesterTypes.recognise: the real feed files are recognised as their harvester's type, layers are not. */
class FeedFilesTest {

    @TempDir
    Path dir;

    private static Optional<String> real(String relative) {
        return HarvesterTypes.recognise(RealData.file(relative));
    }

    @Test
    void realFeedFilesAreRecognised() {
        assertEquals(Optional.of("knmi-daily"), real("weather/knmi_etmgeg_278_heino.txt"));
        assertEquals(Optional.of("rws-waterinfo"), real("water/rws_waterinfo_katerveer_KATV_20241123.json"));
        assertEquals(Optional.of("rivm-lml"), real("airquality/rivm_lml_measurements_2014070708.xml"));
        assertEquals(Optional.of("rivm-lml"), real("airquality/rivm_lml_rowset_2014070708_NO2.xml"));
        assertEquals(Optional.of("ndw-trafficspeed"), real("traffic/ndw_trafficspeed_20250815T2149.xml.gz"));
        assertEquals(Optional.of("ndw-trafficspeed"), real("traffic/ndw_measurementsitetable_sample.xml"));
    }

    @Test
    void layersAndOtherFilesAreNot() throws IOException {
        assertEquals(Optional.empty(), real("boundaries/cbs_buurten_2014_zwolle.geojson"));
        assertEquals(Optional.empty(), real("boundaries/zwolle_buurtgegevens_2015.csv"));
        assertEquals(Optional.empty(), real("boundaries/cbs_gemeenten_stats_nl_data.json"));
        assertEquals(Optional.empty(), real("airquality/rivm_lml_stations.gml"));
        assertEquals(Optional.empty(), real("weather/knmi_stations.csv"));
        assertEquals(Optional.empty(), real("sensorthings/geonovum_gw_observations1.json"));
        // near misses: a series without data, a message without meting, a DATEX II name outside DATEX II
        assertEquals(Optional.empty(), write("a.json", "{\"series\": [{\"name\": \"x\"}]}"));
        assertEquals(Optional.empty(), write("b.xml", "<message><body><other/></body></message>"));
        assertEquals(Optional.empty(), write("c.xml", "<doc>MeasuredDataPublication</doc>"));
        assertEquals(Optional.empty(), write("d.txt", "STN;YYYYMMDD\n"));
        assertEquals(Optional.empty(), write("e.bin", "\u001f\u008bnot gzip"));
        assertEquals(Optional.of("knmi-daily"), write("f.txt", "# legend\n# STN,YYYYMMDD,TG\n  278,20260625,  180\n"));
    }

    private Optional<String> write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.ISO_8859_1);
        return HarvesterTypes.recognise(f);
    }
}
