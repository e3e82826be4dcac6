package nl.tweeling.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.common.sql.Backends;
import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.common.sql.Transactions;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobDismissedException;
import nl.tweeling.job.JobHandle;
import nl.tweeling.job.JobService;
import nl.tweeling.job.RunningJobs;
import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.platform.outbound.Outbound;
import nl.tweeling.platform.outbound.OutboundClient;
import nl.tweeling.platform.outbound.OutboundException;
import nl.tweeling.platform.outbound.Urls;
import nl.tweeling.platform.security.Caller;

/**
 * Imports files and URLs into layers (docs/import.md). The request is checked at once (parameters, and
 * for uploads the file itself through {@code ogrinfo}), so bad input gets a 4xx and no job. The run then
 * happens on a bounded pool of workers: ogr2ogr loads the source into a staging table of its own, and one
 * transaction turns that into versions of the layer (creating and registering the layer when it is new).
 * A failing run changes nothing but its job, and so does a dismissed one ({@code DELETE /jobs/{id}}): the run
 * checks its {@link JobHandle} between steps, a dismissal destroys a running ogr2ogr and cancels the statement the
 * transaction is running, and the transaction claims its commit ({@link JobService#claimFinish}) so that a
 * dismissal either comes first (rollback) or finds the job committing.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);
    public static final String KIND = "import";
    private static final Pattern LAYER_ID = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern CRS = Pattern.compile(
            "(?i)(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[0-9.]*:|https?://www\\.opengis\\.net/def/crs/EPSG/[0-9.]+/)(\\d{3,6})");

    @Inject
    TweelingConfig config;

    @Inject
    jakarta.enterprise.event.Event<nl.tweeling.feature.LayerChanged> changes;

    @Inject
    DataSource dataSource;

    @Inject
    JobService jobs;

    @Inject
    ImportRepository repository;

    @Inject
    FirstLoad firstLoad;

    @Inject
    RunningJobs running;

    @Inject
    LayerRegistry registry;

    @Inject
    Outbound outbound;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    java.util.Optional<String> dbPassword;

    private ThreadPoolExecutor executor;
    private Gdal gdal;

    /** The parameters of an import, checked. */
    /**
     * @param mode    for an existing layer: {@code replace} (the source is the whole layer: features it lacks end)
     *                or {@code upsert} (features are added and changed, none end); null for a new layer
     * @param dryRun  report what the import would insert, change and end, and write nothing
     */
    public record Params(String layer, int srid, String idField, Charset encoding, String access,
            Map<String, String> restricted, String mode, boolean dryRun, java.util.Set<String> nullMarkers, Join join) {

        /** Parameters without access options, for a new layer or a replace. */
        public Params(String layer, int srid, String idField, Charset encoding) {
            this(layer, srid, idField, encoding, null, Map.of(), null, false, java.util.Set.copyOf(NullMarkers.DEFAULT),
                    null);
        }

        /** The same parameters with another join. */
        public Params withJoin(Join j) {
            return new Params(layer, srid, j != null && idField == null ? j.field() : idField, encoding, access,
                    restricted, mode, dryRun, nullMarkers, j);
        }

        /** True when the import sets who may read the layer it creates. */
        boolean setsAccess() {
            return access != null || !restricted.isEmpty();
        }

        Map<String, Object> inputs() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", layer);
            if (srid > 0) {
                m.put("crs", "EPSG:" + srid);
            }
            if (idField != null) {
                m.put("idField", idField);
            }
            if (encoding != null) {
                m.put("encoding", encoding.name());
            }
            if (access != null) {
                m.put("access", access);
            }
            if (!restricted.isEmpty()) {
                m.put("restrictedProperties", restricted);
            }
            if (mode != null) {
                m.put("mode", mode);
            }
            if (dryRun) {
                m.put("dryRun", true);
            }
            if (join != null) {
                m.put("join", join.layer() + "." + join.property());
                m.put("joinField", join.field());
            }
            if (!nullMarkers.equals(java.util.Set.copyOf(NullMarkers.DEFAULT))) {
                m.put("nullValues", String.join(",", new java.util.TreeSet<>(nullMarkers)));
            }
            return m;
        }
    }

    @PostConstruct
    void init() {
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(config.imports().workers(), config.imports().workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.imports().queue()), r -> {
                    Thread t = new Thread(r, "tweeling-import-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        gdal = new Gdal(config.imports().ogrinfo(), config.imports().ogr2ogr());
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Checks the parameters of an import; a wrong one is a 400 naming it. */
    public Params params(String layer, String crs, String idField, String encoding) {
        return params(layer, crs, idField, encoding, null, null, null, null, null);
    }

    /**
     * For an import into an existing layer: the source must fit it (fields the layer requires, types its columns
     * take, its kind of geometry), checked before any work; a 400 that names every problem.
     */
    private void checkFits(Source source, Params params) {
        var layer = registry.find(params.layer());
        if (layer.isEmpty()) {
            return;
        }
        java.util.Set<String> required = new java.util.LinkedHashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SqlFiles.get("imports/select_layer_column_names.sql"))) {
            ps.setString(1, params.layer());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean("required") && !ColumnNames.RESERVED.contains(rs.getString(1))) {
                        required.add(rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw TweelingException.unavailable("The database is not reachable; try again shortly.");
        }
        Compatibility.check(source, layer.get(), required);
    }

    /**
     * An attribute table's join (docs/import.md, "Attribute tables"): each row takes the geometry of the current
     * feature of {@code layer} whose {@code column} equals the row's {@code field}.
     *
     * @param property the key as the API names it, {@code column} the column behind it
     */
    public record Join(String layer, String property, String column, String field) {
    }

    /**
     * Checks {@code join} ({@code LAYER.PROPERTY}) and {@code joinField} against the layers {@code visible} to the
     * caller; null when no join is asked for.
     */
    public Join join(String join, String joinField, java.util.function.Function<String, Optional<Layer>> visible) {
        if ((join == null || join.isBlank()) && (joinField == null || joinField.isBlank())) {
            return null;
        }
        if (join == null || join.isBlank() || joinField == null || joinField.isBlank()) {
            throw ImportException.badImportParameter(join == null || join.isBlank() ? "join" : "joinField",
                    "An attribute table needs both join=LAYER.PROPERTY (e.g. buurten.code) and joinField=FIELD (its"
                            + " key field, e.g. GEOITEM).");
        }
        int dot = join.strip().indexOf('.');
        String layerId = dot < 0 ? join.strip() : join.strip().substring(0, dot);
        String property = dot < 0 ? "" : join.strip().substring(dot + 1);
        Layer target = visible.apply(layerId).orElseThrow(() -> ImportException.badImportParameter(
                "join", "There is no layer " + layerId + " to join to; give join=LAYER.PROPERTY, e.g. buurten.code."));
        String column = target.columns().stream().filter(c -> c.property().equals(property))
                .map(Layer.Column::name).findFirst()
                .orElseThrow(() -> ImportException.badImportParameter("join", "Layer " + layerId + " has no property '"
                        + property + "'; its properties are " + target.columns().stream()
                                .map(Layer.Column::property).collect(Collectors.joining(", ")) + "."));
        return new Join(layerId, property, column, joinField.strip());
    }

    /** The message for an import into an existing layer without a mode. */
    static String existsMessage(String layer) {
        return "Layer " + layer + " exists: say what the import does to it with mode=replace (the source is the"
                + " whole layer; features it lacks end) or mode=upsert (features are added and changed, none end);"
                + " CLI: --replace or --upsert. dryRun=true (CLI: --dry-run) reports what either would do.";
    }

    /**
     * As {@link #params(String, String, String, String)}, with who may read the layer the import creates:
     * {@code access} an access level, {@code restricted} {@code property:level,…} (docs/import.md). An existing
     * layer's access changes by PATCH /collections/{id} only, so these are refused for one.
     */
    public Params params(String layer, String crs, String idField, String encoding, String access, String restricted,
            String mode, String dryRun, String nullValues) {
        Params p = params0(layer, crs, idField, encoding);
        java.util.Set<String> markers = java.util.Set.copyOf(NullMarkers.DEFAULT);
        if (nullValues != null) {
            java.util.Set<String> given = new java.util.LinkedHashSet<>();
            for (String v : nullValues.split(",")) {
                if (!v.strip().isEmpty()) {
                    given.add(v.strip());
                }
            }
            if (given.size() > 50 || given.stream().anyMatch(v -> v.length() > 20)) {
                throw ImportException.badImportParameter("nullValues", "nullValues takes at most 50 comma-separated"
                        + " values of at most 20 characters (empty: no null markers).");
            }
            markers = java.util.Set.copyOf(given);
        }
        String m = mode == null || mode.isBlank() ? null : mode.strip();
        if (m != null && !m.equals("replace") && !m.equals("upsert")) {
            throw ImportException.badImportParameter("mode", "mode must be replace (the source is the whole layer) or"
                    + " upsert (add and change features, end none).");
        }
        boolean dry = false;
        if (dryRun != null && !dryRun.isBlank()) {
            if (!dryRun.strip().equals("true") && !dryRun.strip().equals("false")) {
                throw ImportException.badImportParameter("dryRun", "dryRun must be true or false.");
            }
            dry = dryRun.strip().equals("true");
        }
        Layer existing = registry.find(p.layer()).orElse(null);
        boolean exists = existing != null;
        if (exists && existing.maintained()) {
            throw ImportException.badImportParameter("layer", "The layer '" + p.layer() + "' is kept current by the "
                    + existing.maintainedBy() + " part of the platform, not by imports; import under another layer name.");
        }
        if (exists && m == null) {
            throw ImportException.badImportParameter("mode", existsMessage(p.layer()));
        }
        String level = access == null || access.isBlank() ? null : access.strip();
        if (level != null && !Caller.isLevel(level)) {
            throw ImportException.badImportParameter("access", "Unknown access level '" + level
                    + "': use public, authenticated, ingest, planner, editor or admin.");
        }
        Map<String, String> r = new LinkedHashMap<>();
        if (restricted != null && !restricted.isBlank()) {
            for (String item : restricted.split(",")) {
                String[] kv = item.strip().split(":", 2);
                if (kv.length != 2 || kv[0].isBlank() || !Caller.isLevel(kv[1].strip())
                        || kv[1].strip().equals("public")) {
                    throw ImportException.badImportParameter("restrictedProperties", "Give restrictedProperties as"
                            + " property:level pairs separated by commas, e.g. residents:planner,income:admin (levels:"
                            + " authenticated, ingest, planner, editor, admin).");
                }
                r.put(kv[0].strip(), kv[1].strip());
            }
        }
        if ((level != null || !r.isEmpty()) && exists) {
            throw ImportException.badImportParameter(level != null ? "access" : "restrictedProperties", "Layer "
                    + p.layer() + " exists: change who may read it with PATCH /collections/" + p.layer()
                    + " (docs/layers.md); access options apply to the layer an import creates.");
        }
        return new Params(p.layer(), p.srid(), p.idField(), p.encoding(), level, Map.copyOf(r), m, dry, markers, null);
    }

    private Params params0(String layer, String crs, String idField, String encoding) {
        if (layer == null || layer.isBlank()) {
            throw ImportException.badImportParameter("layer", "Name the layer to import into: layer=NAME (CLI: --layer NAME),"
                    + " lower case letters, digits, '_' and '-', starting with a letter.");
        }
        if (!LAYER_ID.matcher(layer).matches()) {
            throw ImportException.badImportParameter("layer", "Invalid layer name '" + layer + "': use 1 to 63 lower case"
                    + " letters, digits, '_' and '-', starting with a letter.");
        }
        int srid = 0;
        if (crs != null && !crs.isBlank()) {
            srid = srid(crs.strip());
        }
        Charset charset = null;
        if (encoding != null && !encoding.isBlank()) {
            try {
                charset = Charset.forName(encoding.strip());
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw ImportException.badImportParameter("encoding", "Unknown encoding '" + encoding
                        + "'; use e.g. UTF-8, ISO-8859-1 or windows-1252.");
            }
        }
        return new Params(layer, srid, idField == null || idField.isBlank() ? null : idField, charset);
    }

    private int srid(String crs) {
        int srid;
        if (crs.equalsIgnoreCase("CRS84") || crs.equalsIgnoreCase("OGC:CRS84")
                || crs.equalsIgnoreCase("http://www.opengis.net/def/crs/OGC/1.3/CRS84")) {
            return 4326;
        }
        Matcher m = CRS.matcher(crs);
        if (!m.matches()) {
            throw ImportException.badImportParameter("crs", "Invalid crs '" + crs + "': give an EPSG code such as EPSG:28992"
                    + " or EPSG:4326.");
        }
        srid = Integer.parseInt(m.group(1));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM spatial_ref_sys WHERE auth_name = 'EPSG' AND auth_srid = ?")) {
            ps.setInt(1, srid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ImportException.badImportParameter("crs", "Unknown crs EPSG:" + srid + ": PostGIS does not know it.");
                }
            }
        } catch (SQLException e) {
            throw TweelingException.unavailable("The database is not reachable; try again shortly.");
        }
        return srid;
    }

    /** A folder of its own for one import's files. */
    public Path newWorkDir() throws IOException {
        Path dir = Path.of(config.imports().workDir()).resolve(UUID.randomUUID().toString());
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * Submits an uploaded file (already in {@code dir}); the file is checked now, so what ogr2ogr cannot
     * read is a 400 and no job.
     */
    public Job submitFile(Params params, Path dir, Path main, String createdBy) {
        Source source;
        long checking = System.nanoTime();
        try {
            source = Source.prepare(gdal, main, params.srid(), params.encoding(), params.idField(), params.nullMarkers(),
                    params.join() == null ? null : params.join().field());
        } catch (IOException e) {
            delete(dir);
            throw ImportException.badInput("The upload could not be read: " + e.getMessage());
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
        try {
            checkFits(source, params);
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
        Map<String, Object> inputs = params.inputs();
        inputs.put("source", main.getFileName().toString());
        Instant fetchedAt = Instant.now();
        long checked = System.nanoTime() - checking;
        return enqueue(inputs, createdBy, dir, (job, handle) -> run(job, handle, params, source,
                main.getFileName().toString(), fetchedAt, checked));
    }

    /**
     * Submits an import of a URL; the download and its checks happen in the job. The URL must pass the outbound
     * policy now (its host resolved and checked: a 400 naming {@code url}, no job) and again when the job
     * downloads it, since DNS may have changed meanwhile. Its credentials (userinfo) are used for the download
     * but never stored or shown.
     */
    public Job submitUrl(Params params, String url, String createdBy) {
        URI uri;
        try {
            uri = outbound.policy().checkUrl(url);
            outbound.policy().check(uri);
        } catch (OutboundException e) {
            String detail = e.refused() || e.kind() == OutboundException.Kind.UNRESOLVED ? e.getMessage()
                    : "could not check " + Urls.redact(url);
            throw ImportException.badImportParameter("url", "url " + detail
                    + (e.kind() == OutboundException.Kind.INVALID ? "; give an http or https url of the file to import." : ""));
        }
        String lastSegment = uri.getPath() == null ? "" : uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
        try {
            InputFormats.checkName(lastSegment);
        } catch (ImportException e) {
            throw ImportException.badImportParameter("url", e.getMessage());
        }
        String shown = Urls.redact(uri);
        Path dir;
        try {
            dir = newWorkDir();
        } catch (IOException e) {
            throw TweelingException.unavailable("No room for the import's files; try again later.");
        }
        Map<String, Object> inputs = params.inputs();
        inputs.put("source", shown);
        return enqueue(inputs, createdBy, dir, (job, handle) -> {
            Instant fetchedAt = Instant.now();
            Path file = download(uri, dir, handle);
            handle.check();
            long checking = System.nanoTime();
            Source source = Source.prepare(gdal, file, params.srid(), params.encoding(), params.idField(),
                    params.nullMarkers(), params.join() == null ? null : params.join().field());
            checkFits(source, params);
            run(job, handle, params, source, shown, fetchedAt, System.nanoTime() - checking);
        });
    }

    private interface Work {
        void run(UUID job, JobHandle handle) throws Exception;
    }

    private Job enqueue(Map<String, Object> inputs, String createdBy, Path dir, Work work) {
        Job job = jobs.submit(KIND, inputs, createdBy);
        JobHandle handle = running.open(job.id);
        try {
            executor.execute(() -> {
                try {
                    if (!handle.start()) {
                        throw new JobDismissedException(handle.dismissal());
                    }
                    work.run(job.id, handle);
                } catch (JobDismissedException e) {
                    dismissed(job.id, e.getMessage());
                } catch (TweelingException e) {
                    if (handle.cancelled()) {
                        dismissed(job.id, handle.dismissal());
                    } else {
                        fail(job.id, e.getMessage());
                    }
                } catch (Exception e) {
                    if (handle.cancelled()) {
                        dismissed(job.id, handle.dismissal());
                    } else {
                        LOG.errorf(e, "import %s failed", job.id);
                        fail(job.id, "the import failed: " + e.getMessage());
                    }
                } finally {
                    delete(dir);
                    running.close(handle);
                }
            });
        } catch (RejectedExecutionException e) {
            running.close(handle);
            delete(dir);
            jobs.fail(job.id, "not started: too many imports are waiting", Map.of());
            throw new TweelingException(503, "Service unavailable", "Too many imports are waiting ("
                    + config.imports().queue() + "); try again when some have finished (GET /jobs).", null, null);
        }
        return job;
    }

    /** Records the dismissal (if the DELETE has not yet); the run stopped and rolled back. */
    private void dismissed(UUID job, String message) {
        try {
            jobs.dismiss(job, message == null ? "dismissed; the run changed nothing" : message);
        } catch (RuntimeException e) {
            LOG.errorf(e, "import %s: could not record its dismissal", job);
        }
        LOG.infof("import %s dismissed: stopped and rolled back", job);
    }

    private void fail(UUID job, String message) {
        try {
            jobs.fail(job, message + " The layer is unchanged.", Map.of());
        } catch (RuntimeException e) {
            LOG.errorf(e, "import %s: could not record its failure (%s)", job, message);
        }
    }

    /** Runs an import; {@code checked} is how long the checks of the source took (nanoseconds, for the log). */
    private void run(UUID job, JobHandle handle, Params params, Source source, String sourceName, Instant fetchedAt,
            long checked) throws Exception {
        long t0 = System.nanoTime();
        if (!jobs.running(job, "loading " + sourceName + " (ogr2ogr)")) {
            throw new JobDismissedException("dismissed before it started");
        }
        String stageTable = "run_" + job.toString().replace("-", "");
        try {
            ImportRepository.Outcome outcome = null;
            String timings = null;
            boolean direct = false;
            if (!params.dryRun() && params.join() == null && FirstLoad.declared(source.info.geometry()) != null) {
                // a new layer: one pass from ogr2ogr's dump into its table (FirstLoad); NotApplicable when the layer
                // exists or the source needs the staging path
                try {
                    outcome = firstLoad.load(job, handle, params, source, sourceName, stageTable, gdal,
                            stagingArgs(source, stageTable), Map.of("PGAPPNAME", "tweeling-import"), fetchedAt,
                            (percent, message) -> progress(job, handle, percent, message));
                    timings = String.format(Locale.ROOT, "one-pass first load %.2f s: %s", (System.nanoTime() - t0) / 1e9,
                            outcome.timings());
                    direct = true;
                } catch (FirstLoad.NotApplicable e) {
                    LOG.infof("import %s: loading through a staging table (%s)", job, e.getMessage());
                    dropStage(stageTable);
                }
            }
            List<String> unmatched = List.of();
            if (outcome == null) {
                long staging = System.nanoTime();
                stage(job, handle, source, stageTable);
                if (params.join() != null) {
                    unmatched = joinGeometry(stageTable, params.join());
                }
                staging = System.nanoTime() - staging;
                outcome = versions(job, handle, params, sourceName, stageTable, fetchedAt, source.info.fields());
                timings = String.format(Locale.ROOT, "ogr2ogr staging %.2f s, transaction %.2f s: %s", staging / 1e9,
                        (System.nanoTime() - t0) / 1e9 - staging / 1e9, outcome.timings());
            }
            registry.invalidate();
            if (!params.dryRun()) {
                // after the commit: this instance's cached tiles now, the other instances' through Kafka
                changes.fire(new nl.tweeling.feature.LayerChanged(params.layer(), outcome.changed()));
            }
            Map<String, Object> report = report(params, source, sourceName, outcome);
            if (params.join() != null) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("layer", params.join().layer());
                j.put("on", params.join().property());
                j.put("field", params.join().field());
                j.put("unmatchedKeys", unmatched);
                report.put("join", j);
            }
            // how the features came in: "direct" (one pass into a new layer, FirstLoad) or "staged" (docs/import.md)
            report.put("load", direct ? "direct" : "staged");
            report.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
            var n = outcome.counts();
            jobs.succeed(job, report, String.format(Locale.ROOT,
                    (params.dryRun() ? "dry run, nothing written: layer %s would get " : "layer %s: ")
                            + "%d inserted, %d updated, %d unchanged, %d ended, %d rejected", params.layer(),
                    n.inserted(), n.updated(), n.unchanged(), n.ended(), outcome.rejected()));
            LOG.infof("import %s into %s: %d inserted, %d updated, %d unchanged, %d ended, %d rejected in %.2f s"
                    + " (checking the source %.2f s before; %s)", job, params.layer(), n.inserted(), n.updated(),
                    n.unchanged(), n.ended(), outcome.rejected(), (System.nanoTime() - t0) / 1e9, checked / 1e9, timings);
        } finally {
            dropStage(stageTable);
        }
    }

    /**
     * Cancels what server process {@code pid} runs now: the import's transaction then fails and rolls back.
     * Registered only while the import holds that connection.
     */
    private Runnable cancelling(int pid) {
        return () -> Backends.cancel(dataSource, List.of(pid));
    }

    /** The staging path's transaction: the staged features become versions of the layer (creating it when new). */
    private ImportRepository.Outcome versions(UUID job, JobHandle handle, Params params, String sourceName,
            String stageTable, Instant fetchedAt, List<String> sourceFields) throws Exception {
        progress(job, handle, 75, "versioning the features of layer " + params.layer());
        Instant at = Instant.now();
        int[] step = {75};
        try (Connection c = dataSource.getConnection();
                JobHandle.Registration cancel = handle.onCancel(cancelling(Backends.pid(c)))) {
            return Transactions.inTransaction(c, tx -> {
                java.sql.Savepoint before = tx.setSavepoint();
                ImportRepository.Outcome applied = repository.apply(tx, params.layer(), stageTable,
                        params.idField(), sourceName, job, at, fetchedAt, params.mode(), sourceFields, () -> progress(job, handle,
                                step[0] += 8, "versioning the features of layer " + params.layer()));
                ImportRepository.applyAccess(tx, params, applied.created());
                if (params.dryRun()) {
                    // what it would do is counted: undo it, and let the job end with the report
                    tx.rollback(before);
                }
                if (!handle.finish() || !JobService.claimFinish(tx, job)) {
                    throw new JobDismissedException(handle.dismissal());
                }
                return applied;
            });
        } catch (SQLException e) {
            if (handle.cancelled()) {
                LOG.infof("import %s: the dismissal cancelled its transaction's statement (SQLSTATE %s)", job,
                        e.getSQLState());
                throw new JobDismissedException(handle.dismissal());
            }
            throw ImportException.badInput("the database refused the data: " + e.getMessage().lines().findFirst().orElse("")
                    + ". Check the file (or give idField/crs), then import it again.");
        }
    }

    private static Map<String, Object> report(Params params, Source source, String sourceName,
            ImportRepository.Outcome outcome) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("layer", params.layer());
        r.put("source", sourceName);
        r.put("format", source.info.driver());
        r.put("sourceLayer", source.info.layer());
        r.put("sourceCrs", source.crsRule);
        if (source.encoding != null) {
            r.put("encoding", source.encoding);
        }
        if (source.nullsReplaced > 0) {
            r.put("nullsFromMarkers", source.nullsReplaced);
            r.put("nullMarkers", new java.util.TreeSet<>(params.nullMarkers()));
        }
        r.put("idRule", params.idField() == null
                ? "feature ids are the source's feature ids (FID: GeoJSON id, record or row number, GeoPackage fid)"
                : "feature ids are the values of field " + params.idField());
        r.put("createdLayer", outcome.created() && !params.dryRun());
        if (params.mode() != null) {
            r.put("mode", params.mode());
        }
        if (params.dryRun()) {
            r.put("dryRun", true);
            r.put("wouldCreateLayer", outcome.created());
        }
        r.put("geometryType", outcome.geometryType());
        r.put("inserted", outcome.counts().inserted());
        r.put("updated", outcome.counts().updated());
        r.put("unchanged", outcome.counts().unchanged());
        r.put("ended", outcome.counts().ended());
        r.put("rejected", outcome.rejected());
        r.put("rejections", outcome.rejections());
        r.put("fields", outcome.fields());
        return r;
    }

    /**
     * Records progress and stops the run (at once: {@link JobDismissedException}) when the job was dismissed, here
     * or through another instance.
     */
    private void progress(UUID job, JobHandle handle, int percent, String message) {
        if (!jobs.progress(job, percent, message)) {
            handle.cancel("dismissed");
        }
        handle.check();
    }

    /**
     * ogr2ogr's arguments for a staging table, whichever driver writes it: the source (dataset, layer, its CRS
     * when a rule chose one, open options) into tweeling_stage.{stageTable} with the source's field names
     * (LAUNDER=NO), its FIDs in {@code _fid}, 2D, unlogged, without spatial index, by COPY.
     */
    private static List<String> stagingArgs(Source source, String stageTable) {
        List<String> args = new ArrayList<>(List.of(source.dataset, source.info.layer(),
                "-nln", stageTable,
                "-lco", "SCHEMA=" + ImportRepository.STAGE_SCHEMA,
                "-lco", "GEOMETRY_NAME=_geom",
                "-lco", "FID=_fid",
                "-lco", "LAUNDER=NO",
                "-lco", "PRECISION=NO",
                "-lco", "SPATIAL_INDEX=NONE",
                "-lco", "UNLOGGED=YES",
                "-dim", "XY",
                "-preserve_fid",
                "--config", "PG_USE_COPY", "YES",
                "--config", "OGR_GEOJSON_MAX_OBJ_SIZE", "0"));
        if (source.sourceCrs != null) {
            args.add("-s_srs");
            args.add(source.sourceCrs);
        }
        for (String oo : source.openOptions) {
            args.add("-oo");
            args.add(oo);
        }
        return args;
    }

    /** ogr2ogr's environment for writing a staging table: the loader's password (never the app's, if they differ). */
    private Map<String, String> loaderEnv() {
        String password = config.imports().loaderUser().isPresent() ? config.imports().loaderPassword().orElse("")
                : dbPassword.orElse("");
        return Map.of("PGPASSWORD", password, "PGAPPNAME", "tweeling-import");
    }

    /** The role ogr2ogr connects as: tweeling.imports.loader-user, else the app's own. */
    private String loaderUser() {
        return config.imports().loaderUser().orElse(dbUser);
    }

    /** ogr2ogr: the source's first layer into tweeling_stage.{stageTable}, reprojected to EPSG:28992. */
    private void stage(UUID job, JobHandle handle, Source source, String stageTable) throws Exception {
        List<String> args = new ArrayList<>(List.of("-f", "PostgreSQL", pgConnection()));
        args.addAll(stagingArgs(source, stageTable));
        args.addAll(List.of("-nlt", "GEOMETRY", "-t_srs", "EPSG:28992", "-progress"));
        int[] last = {-1};
        long[] lastAt = {0};
        JobHandle.Registration[] destroy = {null};
        try {
            gdal.load(source.file.getParent(), args, loaderEnv(),
                    percent -> {
                        long now = System.nanoTime();
                        if (percent > last[0] && (percent == 100 || now - lastAt[0] > 500_000_000L)) {
                            last[0] = percent;
                            lastAt[0] = now;
                            if (!jobs.progress(job, 5 + percent * 65 / 100, "loading into a staging table (ogr2ogr "
                                    + percent + "%)")) {
                                handle.cancel("dismissed");
                            }
                        }
                    },
                    process -> destroy[0] = handle.onCancel(() -> Gdal.destroy(process)));
        } catch (Gdal.GdalException e) {
            handle.check();
            throw ImportException.badInput("ogr2ogr could not load the source: " + e.getMessage());
        } finally {
            if (destroy[0] != null) {
                destroy[0].close();
            }
        }
        handle.check();
        claimStage(stageTable);
    }

    /** Gives the staged attribute rows the joined layer's geometries; returns the keys that found none. */
    private List<String> joinGeometry(String stageTable, Join join) throws SQLException {
        Layer target = registry.find(join.layer())
                .orElseThrow(() -> ImportException.badImportParameter("join", "Layer " + join.layer() + " is gone."));
        String stage = Identifiers.qualified(ImportRepository.STAGE_SCHEMA, stageTable);
        String sql = SqlFiles.get("imports/join_geometry.sql")
                .replace("{stage}", stage)
                .replace("{target}", Identifiers.qualified(target.tableSchema(), target.tableName()))
                .replace("{column}", Identifiers.quote(join.column()))
                .replace("{field}", Identifiers.quote(join.field()));
        List<String> unmatched = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
            try (ResultSet rs = st.executeQuery(SqlFiles.get("imports/select_join_unmatched.sql")
                    .replace("{stage}", stage).replace("{field}", Identifiers.quote(join.field())))) {
                while (rs.next()) {
                    unmatched.add(rs.getString(1));
                }
            }
        }
        return unmatched;
    }

    /**
     * The app's role takes the staging table that the loader's ogr2ogr created (docs/security.md, "Database roles"),
     * so no later loader session can change it while the app reads it; a no-op when they are one role.
     */
    private void claimStage(String stageTable) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + ImportRepository.STAGE_SCHEMA + ".\"" + stageTable + "\" OWNER TO CURRENT_USER");
        } catch (SQLException e) {
            throw new IllegalStateException("the app's database role could not take over the staging table that "
                    + loaderUser() + " wrote (SQLSTATE " + e.getSQLState() + "): it must be a member of that role"
                    + " (docs/security.md, \"Database roles\")", e);
        }
    }

    private void dropStage(String stageTable) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + ImportRepository.STAGE_SCHEMA + ".\"" + stageTable + "\"");
        } catch (SQLException e) {
            LOG.warnf("could not drop the staging table %s: %s", stageTable, e.getMessage());
        }
    }

    /** The libpq connection string for ogr2ogr, from the app's JDBC URL, as the loader (its password goes in PGPASSWORD). */
    String pgConnection() {
        Matcher m = Pattern.compile("jdbc:postgresql://([^/:?,]+)(?::(\\d+))?/([^?]+).*").matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalStateException("cannot read the database URL for ogr2ogr: " + jdbcUrl);
        }
        return "PG:host=" + pgValue(m.group(1)) + " port=" + (m.group(2) == null ? "5432" : m.group(2))
                + " dbname=" + pgValue(m.group(3)) + " user=" + pgValue(loaderUser());
    }

    private static String pgValue(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * Downloads {@code uri} into {@code dir} through the outbound client (policy checked again, every redirect
     * too); a failure says "could not download URL" with the HTTP status at most, never what the far side or the
     * socket said. A dismissal closes the connection.
     */
    private Path download(URI uri, Path dir, JobHandle handle) throws IOException {
        String shown = Urls.redact(uri);
        long max = config.imports().maxDownloadBytes();
        try (OutboundClient client = outbound.client(Duration.ofSeconds(20), Duration.ofMinutes(10), max);
                OutboundClient.Response response = client.get(uri, Map.of(), null);
                JobHandle.Registration stop = handle.onCancel(response::close)) {
            if (response.status() != 200) {
                throw ImportException.badInput("could not download " + shown + ": HTTP " + response.status() + ".");
            }
            String name = safeFileName(Path.of(uri.getPath() == null || uri.getPath().isEmpty() ? "/download" : uri.getPath())
                    .getFileName() == null ? "download" : Path.of(uri.getPath()).getFileName().toString());
            if (!name.contains(".")) {
                String type = response.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
                name += type.contains("json") ? ".json" : type.contains("csv") ? ".csv" : type.contains("zip") ? ".zip"
                        : type.contains("geopackage") ? ".gpkg" : "";
            }
            Path file = dir.resolve(name);
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    handle.check();
                    out.write(buf, 0, n);
                }
            }
            return file;
        } catch (OutboundException e) {
            handle.check();
            throw switch (e.kind()) {
                case REFUSED, INVALID -> ImportException.badInput("could not download, refused: " + e.getMessage() + ".");
                case TOO_LARGE -> ImportException.badInput("the download of " + shown + " is larger than " + max
                        + " bytes (tweeling.imports.max-download-bytes).");
                default -> ImportException.badInput("could not download " + shown + ".");
            };
        }
    }

    /** A file name that keeps its extension and only plain characters (sidecars keep a common stem). */
    public static String safeFileName(String name) {
        String base = name == null ? "" : Path.of(name.replace('\\', '/')).getFileName() == null ? ""
                : name.replace('\\', '/').substring(name.replace('\\', '/').lastIndexOf('/') + 1);
        String s = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
        return s.isEmpty() ? "upload" : s;
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: the work dir is temporary
                }
            });
        } catch (IOException e) {
            LOG.debugf("could not remove %s: %s", dir, e.getMessage());
        }
    }
}
