package nl.tweeling.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import nl.tweeling.support.RealData;

/**
 * The generated sample uses Zwolle's real wijk numbers and names: checked against the municipality's
 * shapefile in ../shared/data/real, read with GDAL's ogr2ogr (never copied into the project).
 */
class SampleFactsTest {

    @Test
    void wijkNumbersAndNamesMatchTheMunicipalityShapefile() throws Exception {
        Path shp = RealData.file("boundaries/Wijkgrenzen_Zwolle.shp");
        Process p = new ProcessBuilder("ogr2ogr", "-f", "CSV", "/vsistdout/", shp.toString(),
                "-select", "WIJKNUMMER,OMSCHR").redirectErrorStream(false).start();
        Map<String, String> real = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(",", 2);
                real.put(f[0].replace("\"", ""), f[1].replace("\"", ""));
            }
        }
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), "ogr2ogr read the shapefile");
        assertEquals(16, real.size());
        assertEquals(real, sampleWijken());
    }

    private static Map<String, String> sampleWijken() throws IOException {
        Map<String, String> sample = new TreeMap<>();
        Path file = Path.of("data-samples", "zwolle", "wijken.csv.gz");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(",", 4);
                sample.put(f[1], f[2]);
            }
        }
        return sample;
    }
}
