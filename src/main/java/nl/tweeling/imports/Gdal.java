package nl.tweeling.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs GDAL's command line tools ({@code ogrinfo}, {@code ogr2ogr}) with argument lists, never through a
 * shell. Debian ships them in {@code gdal-bin}; {@code ./tweeling up} and {@code test} install it.
 */
final class Gdal {

    /** What {@code ogrinfo -so} tells about the first layer of a dataset. */
    record Info(String driver, String layer, String geometry, long featureCount, double[] extent, String srsWkt,
            List<String> fields) {

        boolean srsKnown() {
            return srsWkt != null;
        }

        boolean srsGeographic() {
            return srsWkt != null && (srsWkt.startsWith("GEOGCRS") || srsWkt.startsWith("GEOGCS"));
        }

        /** The EPSG code the SRS names last (its own id), or 0. */
        int srsEpsg() {
            if (srsWkt == null) {
                return 0;
            }
            Matcher m = Pattern.compile("(?:ID|AUTHORITY)\\[\"EPSG\",\"?(\\d+)\"?]\\]*\\s*$").matcher(srsWkt);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }
    }

    /** A GDAL tool ended with an error; the message is GDAL's, fit to show the user. */
    static final class GdalException extends Exception {
        GdalException(String message) {
            super(message);
        }
    }

    private static final Pattern FIELD = Pattern.compile(
            "^(.+): (Integer|Integer64|Real|String|Date|Time|DateTime|Binary|IntegerList|Integer64List|RealList|StringList)(\\(\\w+\\))? \\(\\d+\\.\\d+\\)$");
    private static final Pattern EXTENT = Pattern.compile(
            "^Extent: \\(([-0-9.eE+]+), ([-0-9.eE+]+)\\) - \\(([-0-9.eE+]+), ([-0-9.eE+]+)\\)$");

    private final String ogrinfo;
    private final String ogr2ogr;

    Gdal(String ogrinfo, String ogr2ogr) {
        this.ogrinfo = ogrinfo;
        this.ogr2ogr = ogr2ogr;
    }

    /** Opens {@code source} read-only and describes its first layer. */
    Info inspect(String source, List<String> openOptions) throws GdalException, IOException {
        List<String> cmd = new ArrayList<>(List.of(ogrinfo, "-ro", "-so", "-al", "--config", "OGR_GEOJSON_MAX_OBJ_SIZE", "0"));
        for (String oo : openOptions) {
            cmd.add("-oo");
            cmd.add(oo);
        }
        cmd.add(source);
        Result r = run(cmd, Map.of(), null, p -> { }, 120);
        if (r.status != 0 || !r.out.contains("Layer name:")) {
            throw new GdalException(errorOf(r.err, "GDAL found no layer in it"));
        }
        String driver = null;
        String layer = null;
        String geometry = null;
        long count = -1;
        double[] extent = null;
        StringBuilder wkt = null;
        boolean readingWkt = false;
        List<String> fields = new ArrayList<>();
        Pattern driverLine = Pattern.compile("using driver `([^']+)' successful");
        for (String line : r.out.split("\r?\n")) {
            Matcher d = driverLine.matcher(line);
            if (d.find()) {
                driver = d.group(1);
                continue;
            }
            if (line.startsWith("Layer name: ")) {
                if (layer != null) {
                    break;   // the first layer only
                }
                layer = line.substring("Layer name: ".length());
                continue;
            }
            if (layer == null) {
                continue;
            }
            if (readingWkt) {
                if (line.strip().equals("(unknown)")) {
                    readingWkt = false;
                    wkt = null;
                    continue;
                }
                if (!(line.startsWith("Data axis to CRS axis mapping") || FIELD.matcher(line).matches()
                        || line.startsWith("FID Column") || line.startsWith("Geometry Column"))) {
                    wkt.append(line.strip());
                    continue;
                }
                readingWkt = false;
            }
            if (line.startsWith("Geometry: ")) {
                geometry = line.substring("Geometry: ".length());
            } else if (line.startsWith("Feature Count: ")) {
                count = Long.parseLong(line.substring("Feature Count: ".length()).strip());
            } else if (line.startsWith("Extent: ")) {
                Matcher m = EXTENT.matcher(line.strip());
                if (m.matches()) {
                    extent = new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                            Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))};
                }
            } else if (line.startsWith("Layer SRS WKT:")) {
                wkt = new StringBuilder();
                readingWkt = true;
            } else {
                addField(fields, line);
            }
        }
        String srs = wkt == null || wkt.length() == 0 ? null : wkt.toString();
        return new Info(driver, layer, geometry, count, extent, srs, List.copyOf(fields));
    }

    private static void addField(List<String> fields, String line) {
        Matcher f = FIELD.matcher(line);
        if (f.matches()) {
            fields.add(f.group(1));
        }
    }

    /**
     * Copies one layer of {@code source} into PostGIS with {@code ogr2ogr}; {@code progress} receives
     * ogr2ogr's percentages (0-100).
     */
    void load(List<String> arguments, Map<String, String> env, IntConsumer progress) throws GdalException, IOException {
        load(arguments, env, progress, p -> { });
    }

    /**
     * As {@link #load(List, Map, IntConsumer)}; {@code started} receives the ogr2ogr process as it starts (e.g. to
     * {@link #destroy} it when the import is dismissed; the load then fails).
     */
    void load(List<String> arguments, Map<String, String> env, IntConsumer progress, Consumer<Process> started)
            throws GdalException, IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ogr2ogr);
        cmd.addAll(arguments);
        Result r = run(cmd, env, progress, started, 3600);
        if (r.status != 0) {
            throw new GdalException(errorOf(r.err, "ogr2ogr ended with status " + r.status));
        }
    }

    /**
     * A running {@code ogr2ogr} whose standard output the caller reads as it is written (e.g. {@code -f PGDUMP
     * /vsistdout/}); its standard error is kept (the first MiB) for the message when it fails.
     */
    static final class Streaming implements AutoCloseable {
        private final List<String> cmd;
        private final Process process;
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Thread errReader;

        private Streaming(List<String> cmd, Process process) {
            this.cmd = cmd;
            this.process = process;
            this.errReader = new Thread(() -> copy(process.getErrorStream(), err), "gdal-stderr");
            errReader.setDaemon(true);
            errReader.start();
        }

        InputStream output() {
            return process.getInputStream();
        }

        /** Waits for the end (after its output was read); GDAL's message when it failed. */
        void finish(long timeoutSeconds) throws GdalException {
            try {
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    destroy(process);
                    throw new GdalException(cmd.get(0) + " did not finish within " + timeoutSeconds + " s");
                }
                errReader.join(5000);
            } catch (InterruptedException e) {
                destroy(process);
                Thread.currentThread().interrupt();
                throw new GdalException(cmd.get(0) + " was interrupted");
            }
            if (process.exitValue() != 0) {
                String stderr;
                synchronized (err) {
                    stderr = err.toString(StandardCharsets.UTF_8);
                }
                throw new GdalException(errorOf(stderr, "ogr2ogr ended with status " + process.exitValue()));
            }
        }

        /** Ends the process at once when it still runs (a dismissal, or a reader that gave up). */
        @Override
        public void close() {
            if (process.isAlive()) {
                destroy(process);
            }
        }
    }

    /** Starts {@code ogr2ogr} with {@code arguments}; the caller reads its output and then calls finish. */
    Streaming stream(List<String> arguments, Map<String, String> env) throws GdalException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ogr2ogr);
        cmd.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        environment(pb, env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            return new Streaming(cmd, p);
        } catch (IOException e) {
            throw new GdalException(ogr2ogr + " is not installed (Debian package gdal-bin): run ./tweeling up,"
                    + " or apt-get install gdal-bin");
        }
    }

    /**
     * A GDAL tool's environment: the app's without its secrets, plus {@code env}. A tool opens what a source names,
     * so it must hold no password but the loader's (given in {@code env}; docs/security.md, "Database roles"): the
     * app's database password, PGPASSWORD and a ~/.pgpass are kept from it.
     */
    static void environment(ProcessBuilder pb, Map<String, String> env) {
        pb.environment().keySet().removeIf(name -> {
            String n = name.toUpperCase(Locale.ROOT);
            return n.contains("PASSWORD") || n.contains("SECRET") || n.contains("ADMIN_KEY") || n.equals("PGPASSFILE");
        });
        pb.environment().put("PGPASSFILE", "/dev/null");
        pb.environment().putAll(env);
    }

    /** GDAL's first ERROR line(s), without the "ERROR n:" prefix. */
    static String errorOf(String stderr, String fallback) {
        List<String> errors = new ArrayList<>();
        for (String line : stderr.split("\r?\n")) {
            if (line.startsWith("ERROR") || line.startsWith("FAILURE")) {
                errors.add(line.replaceFirst("^(ERROR \\d+|FAILURE): ?", "").strip());
            }
        }
        if (errors.isEmpty()) {
            String s = stderr.strip();
            return s.isEmpty() ? fallback : s.lines().reduce((a, b) -> b).orElse(fallback);
        }
        return String.join("; ", errors.subList(0, Math.min(3, errors.size())));
    }

    private record Result(int status, String out, String err) {
    }

    /** Ends a GDAL process (and anything it started) at once. */
    static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static Result run(List<String> cmd, Map<String, String> env, IntConsumer progress, Consumer<Process> started,
            long timeoutSeconds) throws IOException, GdalException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        environment(pb, env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new GdalException(cmd.get(0) + " is not installed (Debian package gdal-bin): run ./tweeling up,"
                    + " or apt-get install gdal-bin");
        }
        boolean ended = false;
        try {
            started.accept(p);
            Result r = collect(cmd, p, progress, timeoutSeconds);
            ended = true;
            return r;
        } finally {
            if (!ended) {
                destroy(p);   // an exception (e.g. from progress) must not leave the process running
            }
        }
    }

    private static Result collect(List<String> cmd, Process p, IntConsumer progress, long timeoutSeconds)
            throws IOException, GdalException {
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(p.getErrorStream(), err), "gdal-stderr");
        errReader.setDaemon(true);
        errReader.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            int number = -1;
            int ch;
            while ((ch = in.read()) >= 0) {
                out.write(ch);
                if (progress == null) {
                    continue;
                }
                // -progress writes 0...10...20... to stdout: report each number as it completes
                if (ch >= '0' && ch <= '9') {
                    number = (number < 0 ? 0 : number * 10) + (ch - '0');
                } else {
                    if (number >= 0 && number <= 100) {
                        progress.accept(number);
                    }
                    number = -1;
                }
            }
        }
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GdalException(cmd.get(0) + " did not finish within " + timeoutSeconds + " s");
            }
            errReader.join(5000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GdalException(cmd.get(0) + " was interrupted");
        }
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (out) {
                    if (out.size() < 1 << 20) {
                        out.write(buf, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended; what was read is kept
        }
    }
}
