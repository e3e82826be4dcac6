package nl.tweeling.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 *
 * <p>Every call is confined (docs/security.md, "Files GDAL may open"): GDAL's drivers other than the
 * {@link #INPUT_DRIVERS} (and the one output driver a call writes with) are skipped, so a file can never be
 * opened as a VRT, a database connection or a web service, whatever its name or content; GDAL's own network
 * access is off (its HTTP goes to a closed proxy, {@code /vsicurl/} accepts no file name, PROJ's network is
 * off), and calls that need no database run in a network namespace of their own when this machine allows it;
 * each call runs in the import's own folder. The GDAL 3.6 tools have no {@code -if}: the driver list is read
 * from {@code ogrinfo --formats} once, and every other driver goes into {@code GDAL_SKIP}.
 */
final class Gdal {

    /** The GDAL drivers an import may open: formats that hold their data themselves (docs/import.md). */
    static final List<String> INPUT_DRIVERS = List.of("GeoJSON", "GeoJSONSeq", "CSV", "GPKG", "ESRI Shapefile",
            "FlatGeobuf", "GML", "KML");

    /** Where GDAL's HTTP is sent: a closed port on this machine, so nothing leaves it. */
    private static final String NO_PROXY_TARGET = "http://127.0.0.1:9";

    /** What {@code ogrinfo -so} tells about the first layer of a dataset. */
    record Info(String driver, String layer, String geometry, long featureCount, double[] extent, String srsWkt,
            List<String> fields, Map<String, String> fieldTypes) {

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

    private static final Pattern FORMAT_LINE = Pattern.compile("^  (.+?) -([a-z, ]+)- \\(");

    private final String ogrinfo;
    private final String ogr2ogr;
    private volatile List<String> drivers;
    private volatile Boolean namespaces;

    Gdal(String ogrinfo, String ogr2ogr) {
        this.ogrinfo = ogrinfo;
        this.ogr2ogr = ogr2ogr;
    }

    /** Every vector driver this GDAL has, as {@code ogrinfo --formats} lists them (read once). */
    List<String> drivers() throws GdalException, IOException {
        List<String> known = drivers;
        if (known == null) {
            Result r = run(List.of(ogrinfo, "--formats"), Map.of(), null, null, p -> { }, 60);
            List<String> names = new ArrayList<>();
            for (String line : r.out.split("\r?\n")) {
                Matcher m = FORMAT_LINE.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
            if (r.status != 0 || !names.containsAll(List.of("GeoJSON", "CSV"))) {
                throw new GdalException("GDAL's drivers could not be listed (ogrinfo --formats ended with status "
                        + r.status + "); imports stay off until it works: reinstall gdal-bin");
            }
            drivers = known = List.copyOf(names);
        }
        return known;
    }

    /**
     * The environment that confines a GDAL call: every driver but the inputs and {@code outputs} skipped, GDAL's
     * network access off. Keys here win over the caller's.
     */
    Map<String, String> confined(Map<String, String> env, String... outputs) throws GdalException, IOException {
        List<String> keep = new ArrayList<>(INPUT_DRIVERS);
        keep.addAll(List.of(outputs));
        List<String> skip = new ArrayList<>();
        for (String d : drivers()) {
            if (!keep.contains(d)) {
                skip.add(d);
            }
        }
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("GDAL_SKIP", String.join(",", skip));
        all.remove("OGR_SKIP");
        // GDAL's and libcurl's HTTP(S) go to a closed port on this machine; /vsicurl/ accepts no file name
        all.put("GDAL_HTTP_PROXY", NO_PROXY_TARGET);
        all.put("GDAL_HTTPS_PROXY", NO_PROXY_TARGET);
        for (String v : List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy")) {
            all.put(v, NO_PROXY_TARGET);
        }
        all.remove("no_proxy");
        all.remove("NO_PROXY");
        all.put("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".tweeling-gdal-network-is-off");
        all.put("GDAL_HTTP_TIMEOUT", "1");
        all.put("GDAL_HTTP_CONNECTTIMEOUT", "1");
        all.put("GDAL_HTTP_MAX_RETRY", "0");
        all.put("PROJ_NETWORK", "OFF");
        // GML: no xlink resolution, no schema downloads
        all.put("GML_SKIP_RESOLVE_ELEMS", "ALL");
        all.put("GML_DOWNLOAD_WFS_SCHEMA", "NO");
        all.remove("GDAL_DRIVER_PATH");
        all.remove("OGR_DRIVER_PATH");
        return all;
    }

    /**
     * True when GDAL calls that need no network at all (ogrinfo, the dump of a first load) run in a network
     * namespace of their own ({@code unshare -n}: only a loopback that is down). Needs the right to create one
     * (root, or CAP_SYS_ADMIN); where that is missing (most Kubernetes pods) the confinement of
     * {@link #confined} is what holds.
     */
    boolean isolatesNetwork() {
        Boolean ok = namespaces;
        if (ok == null) {
            try {
                Process p = new ProcessBuilder("unshare", "-n", "--", "true").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                ok = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok = false;
            }
            namespaces = ok;
        }
        return ok;
    }

    private List<String> offline(List<String> cmd) {
        if (!isolatesNetwork()) {
            return cmd;
        }
        List<String> wrapped = new ArrayList<>(List.of("unshare", "-n", "--"));
        wrapped.addAll(cmd);
        return wrapped;
    }

    /**
     * Opens {@code source} read-only (confined, without network, in {@code workDir}) and describes its first
     * layer; a source that none of the {@link #INPUT_DRIVERS} opens is a GdalException.
     */
    Info inspect(Path workDir, String source, List<String> openOptions) throws GdalException, IOException {
        List<String> cmd = new ArrayList<>(List.of(ogrinfo, "-ro", "-so", "-al", "--config", "OGR_GEOJSON_MAX_OBJ_SIZE", "0"));
        for (String oo : openOptions) {
            cmd.add("-oo");
            cmd.add(oo);
        }
        cmd.add(source);
        Result r = run(offline(cmd), confined(Map.of()), workDir, null, p -> { }, 120);
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
        Map<String, String> types = new java.util.LinkedHashMap<>();
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
                addField(fields, types, line);
            }
        }
        if (driver == null || !INPUT_DRIVERS.contains(driver)) {
            throw new GdalException("it opened as " + (driver == null ? "an unknown format" : driver)
                    + ", which imports do not read");
        }
        String srs = wkt == null || wkt.length() == 0 ? null : wkt.toString();
        return new Info(driver, layer, geometry, count, extent, srs, List.copyOf(fields), Map.copyOf(types));
    }

    private static void addField(List<String> fields, Map<String, String> types, String line) {
        Matcher f = FIELD.matcher(line);
        if (f.matches()) {
            fields.add(f.group(1));
            types.put(f.group(1), f.group(2) + (f.group(3) == null ? "" : f.group(3)));
        }
    }

    /**
     * Copies one layer of a source into PostGIS with {@code ogr2ogr} (confined: the inputs and the PostgreSQL
     * driver only, GDAL's own network off; it keeps the network to reach the database), in {@code workDir};
     * {@code progress} receives ogr2ogr's percentages (0-100); {@code started} receives the ogr2ogr process as it
     * starts (e.g. to {@link #destroy} it when the import is dismissed; the load then fails).
     */
    void load(Path workDir, List<String> arguments, Map<String, String> env, IntConsumer progress,
            Consumer<Process> started) throws GdalException, IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ogr2ogr);
        cmd.addAll(arguments);
        Result r = run(cmd, confined(env, "PostgreSQL"), workDir, progress, started, 3600);
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
                    throw new GdalException(tool(cmd) + " did not finish within " + timeoutSeconds + " s");
                }
                errReader.join(5000);
            } catch (InterruptedException e) {
                destroy(process);
                Thread.currentThread().interrupt();
                throw new GdalException(tool(cmd) + " was interrupted");
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

    /**
     * Starts {@code ogr2ogr} with {@code arguments} writing a PostgreSQL dump to its standard output (confined:
     * the inputs and the PGDUMP driver only, without network, in {@code workDir}); the caller reads its output and
     * then calls finish.
     */
    Streaming stream(Path workDir, List<String> arguments, Map<String, String> env) throws GdalException, IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ogr2ogr);
        cmd.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(offline(cmd));
        environment(pb, confined(env, "PGDUMP"));
        pb.directory(workDir.toFile());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            return new Streaming(cmd, p);
        } catch (IOException e) {
            throw new GdalException(ogr2ogr + " is not installed (Debian package gdal-bin): run ./tweeling up,"
                    + " or apt-get install gdal-bin");
        }
    }

    /** The GDAL program a command runs (after the {@code unshare} that may wrap it). */
    private static String tool(List<String> cmd) {
        int i = cmd.get(0).equals("unshare") ? cmd.indexOf("--") + 1 : 0;
        return cmd.get(Math.max(0, Math.min(i, cmd.size() - 1)));
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

    private static Result run(List<String> cmd, Map<String, String> env, Path workDir, IntConsumer progress,
            Consumer<Process> started, long timeoutSeconds) throws IOException, GdalException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        environment(pb, env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new GdalException(tool(cmd) + " is not installed (Debian package gdal-bin): run ./tweeling up,"
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
                throw new GdalException(tool(cmd) + " did not finish within " + timeoutSeconds + " s");
            }
            errReader.join(5000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GdalException(tool(cmd) + " was interrupted");
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
