package nl.tweeling.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Decodes vector tiles the way a GIS client does: with GDAL's MVT driver ({@code ogrinfo}). The tile is written
 * to a file under {@code target/} and opened with the open options X (column), Y (row) and Z (level); for a tile
 * of NetherlandsRDNewQuad a metadata.json names the CRS and the tiling scheme (origin and level-0 tile size), which
 * GDAL 3.6 reads through the METADATA_FILE open option.
 */
final class Mvt {

    /** A decoded feature: its MVT layer, its attributes as ogrinfo prints them, and its geometry as WKT. */
    record Feature(String layer, Map<String, String> attributes, String wkt) {

        String get(String name) {
            return attributes.get(name);
        }
    }

    private Mvt() {
    }

    /** {row, col} of the WebMercatorQuad tile at level z holding lon/lat. */
    static long[] webMercatorTile(double lon, double lat, int z) {
        double n = Math.pow(2, z);
        double rad = Math.toRadians(lat);
        long col = (long) Math.floor((lon + 180) / 360 * n);
        long row = (long) Math.floor((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2 * n);
        return new long[] {row, col};
    }

    /** {row, col} of the NetherlandsRDNewQuad tile at level z holding RD New x/y. */
    static long[] rdTile(double x, double y, int z) {
        double size = 3440.64 * 256 / Math.pow(2, z);
        return new long[] {(long) Math.floor((903401.92 - y) / size), (long) Math.floor((x + 285401.92) / size)};
    }

    /** The features of a tile, decoded by ogrinfo; {@code spat}: a spatial filter box in the tile's CRS, or null. */
    static List<Feature> decode(byte[] tile, TileMatrixSet tms, int z, long row, long col, double... spat)
            throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "tiles-test", UUID.randomUUID().toString()));
        Path file = dir.resolve(z + "-" + col + "-" + row + ".pbf");
        Files.write(file, tile);
        List<String> cmd = new ArrayList<>(List.of("ogrinfo", "-ro", "-al", "-oo", "X=" + col, "-oo", "Y=" + row,
                "-oo", "Z=" + z));
        if (tms == TileMatrixSet.NETHERLANDS_RD_NEW_QUAD) {
            Path metadata = dir.resolve("metadata.json");
            Files.writeString(metadata, "{\"crs\":\"EPSG:28992\",\"tile_origin_upper_left_x\":-285401.92,"
                    + "\"tile_origin_upper_left_y\":903401.92,\"tile_dimension_zoom_0\":880803.84}");
            cmd.addAll(List.of("-oo", "METADATA_FILE=" + metadata));
        }
        if (spat != null && spat.length == 4) {
            cmd.add("-spat");
            for (double d : spat) {
                cmd.add(Double.toString(d));
            }
        }
        cmd.add(file.toString());
        return parse(run(cmd));
    }

    /** The layer names ogrinfo lists for a tile. */
    static List<String> layers(List<Feature> features) {
        return features.stream().map(Feature::layer).distinct().toList();
    }

    static List<Feature> parse(String out) {
        List<Feature> features = new ArrayList<>();
        String layer = null;
        Map<String, String> attributes = null;
        String current = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("OGRFeature(")) {
                if (attributes != null) {
                    features.add(new Feature(current, attributes, null));
                }
                current = line.substring("OGRFeature(".length(), line.indexOf(')'));
                attributes = new LinkedHashMap<>();
            } else if (attributes != null && line.startsWith("  ") && line.contains(" = ") && line.contains("(")) {
                String name = line.strip().substring(0, line.strip().indexOf(' '));
                attributes.put(name, line.substring(line.indexOf(" = ") + 3));
            } else if (attributes != null && line.startsWith("  ") && line.strip().matches("^(MULTI)?(POINT|LINESTRING|POLYGON).*")) {
                features.add(new Feature(current, attributes, line.strip()));
                attributes = null;
            }
        }
        if (attributes != null) {
            features.add(new Feature(current, attributes, null));
        }
        return features;
    }

    static String run(List<String> command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail(command.get(0) + " is not installed (gdal-bin; ./tweeling test installs it): " + e.getMessage());
            return "";
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buffer);
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 120 s");
        }
        reader.join(5000);
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
