package nl.tweeling.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import javax.sql.DataSource;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.feature.FeatureVersionRepository;
import nl.tweeling.feature.Layer;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.ingest.DatastreamCatalog;
import nl.tweeling.job.JobService;
import nl.tweeling.platform.TweelingConfig;

/**
 * Loads the generated Zwolle sample ({@code data-samples/zwolle}, see its README) at startup when
 * {@code tweeling.sample.load} is on. The load is a job; it is idempotent: a sample whose manifest was
 * loaded before is skipped, and a changed sample versions only the features that changed. Observations are
 * shifted so the sample's last week ends at the load instant.
 */
@ApplicationScoped
public class SampleLoader {

    private static final Logger LOG = Logger.getLogger(SampleLoader.class);
    static final String SOURCE = "tweeling-sample";
    static final String KIND = "sample-load";
    static final ZoneId ZWOLLE = ZoneId.of("Europe/Amsterdam");
    static final List<String> LAYERS =
            List.of("wijken", "buurten", "buildings", "addresses", "roads", "green", "landcover", "facilities",
                    "ground", "dikes");

    @Inject
    TweelingConfig config;

    @Inject
    DataSource dataSource;

    @Inject
    LayerRegistry registry;

    @Inject
    FeatureVersionRepository versions;

    @Inject
    JobService jobs;

    @Inject
    DatastreamCatalog catalog;

    void onStart(@Observes @Priority(200) StartupEvent ev) {
        if (!config.sample().load()) {
            return;
        }
        Path dir = Path.of(config.sample().dir());
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            LOG.warnf("sample: no manifest.json in %s; nothing loaded. Run ./tweeling from the repository root,"
                    + " or set TWEELING_SAMPLE_DIR.", dir.toAbsolutePath());
            return;
        }
        load(dir);
    }

    /** Loads the sample in {@code dir} unless this exact sample was loaded before; returns the job id, if any. */
    public UUID load(Path dir) {
        String manifestHash;
        try {
            manifestHash = sha256(Files.readAllBytes(dir.resolve("manifest.json")));
        } catch (IOException e) {
            throw new IllegalStateException("sample: cannot read " + dir.resolve("manifest.json"), e);
        }
        if (jobs.lastSuccessful(KIND, "manifest", manifestHash).isPresent()) {
            LOG.infof("sample: already loaded (manifest %s), nothing to do", manifestHash.substring(0, 12));
            return null;
        }
        long t0 = System.nanoTime();
        UUID job = jobs.start(KIND, Map.of("manifest", manifestHash, "dir", dir.toString()), "tweeling");
        LOG.infof("sample: loading %s (job %s)", dir, job);
        Instant at = Instant.now();
        Map<String, Object> results = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int step = 0;
                for (String id : LAYERS) {
                    FeatureVersionRepository.LoadCounts counts = loadLayer(c, dir, id, job, at);
                    results.put(id, counts);
                    step++;
                    LOG.infof("sample: %-10s %6d new, %6d changed, %6d unchanged, %6d ended  [%d/%d]", id,
                            counts.inserted(), counts.updated(), counts.unchanged(), counts.ended(), step, LAYERS.size() + 1);
                    jobs.progress(job, step * 100 / (LAYERS.size() + 1), "loaded " + id);
                }
                int observations = loadSensors(c, dir, job, at);
                results.put("observations", observations);
                LOG.infof("sample: sensors    %6d observations new  [%d/%d]", observations, LAYERS.size() + 1, LAYERS.size() + 1);
                for (String id : LAYERS) {
                    registry.refreshStatistics(c, id);
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            jobs.fail(job, "sample load failed: " + e.getMessage());
            throw new IllegalStateException("sample: load failed; the database is unchanged", e);
        }
        registry.invalidate();
        catalog.invalidate();
        jobs.succeed(job, results);
        LOG.infof("sample: loaded in %.1f s", (System.nanoTime() - t0) / 1e9);
        return job;
    }

    private FeatureVersionRepository.LoadCounts loadLayer(Connection c, Path dir, String id, UUID job, Instant at)
            throws SQLException, IOException {
        Layer layer = registry.find(id).orElseThrow(() -> new IllegalStateException("layer " + id + " is not registered"));
        try (BufferedReader in = gzipReader(dir.resolve(id + ".csv.gz"))) {
            List<String> header = Arrays.asList(in.readLine().split(","));
            return versions.load(c, layer, header, in, SOURCE, job, at);
        }
    }

    private int loadSensors(Connection c, Path dir, UUID job, Instant at) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            st.execute(SqlFiles.get("sample/stage_things.sql"));
        }
        copy(c, "sample_thing", new BufferedReader(Files.newBufferedReader(dir.resolve("things.csv"), StandardCharsets.UTF_8)));
        copy(c, "sample_datastream", new BufferedReader(Files.newBufferedReader(dir.resolve("datastreams.csv"), StandardCharsets.UTF_8)));
        copy(c, "sample_observation", gzipReader(dir.resolve("observations.csv.gz")));
        for (String sql : List.of("sample/upsert_things.sql", "sample/upsert_datastreams.sql")) {
            try (PreparedStatement ps = c.prepareStatement(SqlFiles.get(sql))) {
                ps.setObject(1, job);
                ps.executeUpdate();
            }
        }
        int inserted;
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("sample/insert_observations.sql"))) {
            ps.setTimestamp(1, Timestamp.from(mondayBefore(at)));
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setObject(3, job);
            ps.setTimestamp(4, Timestamp.from(at));
            inserted = ps.executeUpdate();
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate(SqlFiles.get("sample/update_latest_all.sql"));
        }
        return inserted;
    }

    /** Monday 00:00 in Zwolle's time zone at or before {@code at}: offset 0 of the sample's week. */
    static Instant mondayBefore(Instant at) {
        return at.atZone(ZWOLLE).toLocalDate()
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .atStartOfDay(ZWOLLE).toInstant();
    }

    /** COPYs a CSV file with a header row into a staging table, naming the columns from the header. */
    private static void copy(Connection c, String table, BufferedReader in) throws SQLException, IOException {
        try (in) {
            String header = in.readLine();
            if (header == null || !header.matches("[a-z_]+(,[a-z_]+)*")) {
                throw new IOException("sample file for " + table + " has no valid header");
            }
            c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " (" + header + ") FROM STDIN (FORMAT csv)", in);
        }
    }

    private static BufferedReader gzipReader(Path file) throws IOException {
        InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
