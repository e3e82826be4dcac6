package nl.tweeling.imports;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.Backends;
import nl.tweeling.common.sql.Identifiers;
import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.common.sql.Transactions;
import nl.tweeling.job.JobDismissedException;
import nl.tweeling.job.JobHandle;
import nl.tweeling.job.JobService;
import nl.tweeling.platform.TweelingConfig;

/**
 * A new layer's first load in one pass (docs/import.md, "First load"). Instead of ogr2ogr writing a staging
 * table that one INSERT ... SELECT then copies into the layer, ogr2ogr writes a PostgreSQL dump of the source
 * ({@code -f PGDUMP /vsistdout/}) and this class streams its COPY rows straight into the new layer's table,
 * split over several database sessions: the table computes ids, the CRS84 geometry and the lineage as each row
 * is written (create_load_table.sql; no content hash: a re-import computes a first-loaded row's when it first
 * compares it, ImportRepository.currentHash). The few features the geometry policy must see (invalid or empty
 * geometries, or of another type) then move to the staging table and take the same
 * repair and reject steps as any import; the indexes are built by the sessions side by side; and one short
 * transaction moves the table into the layer schema and registers it (ImportRepository.registerLoaded).
 * <p>
 * The table is built unregistered in tweeling_stage, so nobody sees it before that transaction commits; a
 * failure or a dismissal drops it. A session advisory lock on the layer (the key the import transaction
 * takes) keeps other imports of the same layer waiting until the layer is registered. Whatever this path
 * cannot take ({@link NotApplicable}: no declared geometry type, a statement in the dump it does not know, a
 * feature of another type than declared, the layer registered meanwhile) leaves nothing behind, and the import
 * loads through the staging table instead.
 */
@ApplicationScoped
public class FirstLoad {

    private static final Logger LOG = Logger.getLogger(FirstLoad.class);
    private static final int CHUNK = 1 << 16;
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final Pattern GEOMETRY_COLUMN = Pattern.compile(",'_geom',28992,'([A-Z]+)',2\\);$");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");

    @Inject
    DataSource dataSource;

    @Inject
    ImportRepository repository;

    @Inject
    TweelingConfig config;

    /** This path cannot take the run; it left nothing behind, and the import loads through the staging table. */
    static final class NotApplicable extends Exception {
        NotApplicable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Reports the load's progress (percent of the run) and stops the run when it was dismissed. */
    interface Progress {
        void report(int percent, String message);
    }

    /** A declared source geometry type as the layer's type, with the {@code -nlt} that gives it (or null). */
    record Declared(String layerType, String nlt) {
    }

    /** The layer type for what {@code ogrinfo} declares ("Point", "3D Multi Polygon", ...), or null. */
    static Declared declared(String ogrGeometry) {
        if (ogrGeometry == null) {
            return null;
        }
        String g = ogrGeometry.replace("3D ", "").replace("Measured ", "").strip();
        return switch (g) {
            case "Point" -> new Declared("Point", null);
            case "Multi Point" -> new Declared("MultiPoint", null);
            case "Line String", "Multi Line String" -> new Declared("MultiLineString", "PROMOTE_TO_MULTI");
            case "Polygon", "Multi Polygon" -> new Declared("MultiPolygon", "PROMOTE_TO_MULTI");
            default -> null;
        };
    }

    /** The dump's statements before its data, checked, and the columns of its COPY. */
    record Header(List<String> ddl, boolean nonStandardStrings, String geometryType, List<String> columns) {
    }

    /**
     * Loads {@code source} into the new layer {@code params.layer()}, registers it and claims the job's end, all or
     * nothing. {@code stagingArgs} are ogr2ogr's arguments for the source and its staging table, as the staging
     * path gives them (ImportService.stagingArgs); the dump adds its own.
     *
     * @throws NotApplicable this path cannot take the run (nothing was changed)
     */
    ImportRepository.Outcome load(UUID job, JobHandle handle, ImportService.Params params, Source source,
            String sourceName, String stageTable, Gdal gdal, List<String> stagingArgs, Map<String, String> env,
            Instant fetchedAt, Progress progress) throws Exception {
        Declared declared = declared(source.info.geometry());
        if (declared == null) {
            throw new NotApplicable("the source declares no single geometry type (" + source.info.geometry() + ")");
        }
        ImportRepository.Timings time = new ImportRepository.Timings();
        String loadTable = "load_" + job.toString().replace("-", "");
        String load = Identifiers.qualified(ImportRepository.STAGE_SCHEMA, loadTable);
        List<Connection> sessions = new ArrayList<>();
        List<Integer> pids = new CopyOnWriteArrayList<>();
        Gdal.Streaming[] dump = {null};
        ReadAhead[] ahead = {null};
        JobHandle.Registration cancel = handle.onCancel(() -> {
            Gdal.Streaming d = dump[0];
            if (d != null) {
                d.close();
            }
            Backends.cancel(dataSource, pids);
        });
        Connection a = null;
        boolean locked = false;
        try {
            Instant at = Instant.now();
            List<String> args = new ArrayList<>(List.of("-f", "PGDUMP", "/vsistdout/"));
            args.addAll(stagingArgs);
            args.addAll(List.of("-lco", "CREATE_SCHEMA=OFF", "-lco", "DROP_TABLE=OFF"));
            if (source.sourceCrs != null || source.info.srsEpsg() != 28992) {
                // reprojected; a source in EPSG:28992 already is written as it is (the dump then declares SRID
                // 28992, which header() checks)
                args.addAll(List.of("-t_srs", "EPSG:28992"));
            }
            if (declared.nlt() != null) {
                args.addAll(List.of("-nlt", declared.nlt()));
            }
            // ogr2ogr starts (GDAL, PROJ) while the sessions are opened and the layer is locked
            dump[0] = gdal.stream(source.file.getParent(), args, env);
            for (int i = 0; i < Math.max(1, config.imports().loadSessions()); i++) {
                Connection c = dataSource.getConnection();
                sessions.add(c);
                pids.add(Backends.pid(c));
            }
            a = sessions.get(0);
            lock(a, params.layer());
            locked = true;
            handle.check();
            if (registered(a, params.layer())) {
                throw new NotApplicable("layer " + params.layer() + " exists");
            }
            InputStream raw = new BufferedInputStream(dump[0].output(), CHUNK);
            Header header = header(raw, stageTable);
            // from here ogr2ogr writes on while the tables are created (up to AHEAD chunks are held)
            ahead[0] = new ReadAhead(raw, "tweeling-import-dump-" + job);
            InputStream in = ahead[0];
            if (!header.geometryType().equalsIgnoreCase(declared.layerType())) {
                throw new NotApplicable("ogr2ogr writes " + header.geometryType() + ", not " + declared.layerType());
            }
            createStage(a, header);
            Map<String, String> stageColumns = ColumnNames.restore(ImportRepository.stageColumns(a, stageTable),
                    source.info.fields());
            Map<String, String> names = ColumnNames.of(new ArrayList<>(stageColumns.keySet()));
            Map<String, String> columns = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : names.entrySet()) {
                columns.put(e.getValue(), ImportRepository.columnType(stageColumns.get(e.getKey())));
            }
            createLoadTable(a, load, columns, names, declared.layerType(), params.idField(), sourceName, job, at, fetchedAt);
            String copy = copyStatement(load, header.columns(), names);
            time.step("create");
            long rows;
            try {
                rows = relay(in, sessions, copy, source.info.featureCount(), progress);
                in.transferTo(OutputStream.nullOutputStream());   // the dump's closing statements
            } catch (IOException e) {
                dump[0].finish(60);   // GDAL's own message, when it failed
                throw e;
            }
            dump[0].finish(60);
            handle.check();
            time.step("load");
            runScript(a, SqlFiles.get("imports/finish_load_table.sql").replace("{table}", load));
            time.step("check");
            progress.report(80, "building the indexes of layer " + params.layer());
            String unfit = unfit(declared.layerType());
            IndexPhase indexed = buildIndexes(sessions, load, loadTable + "_pkey", unfit);
            handle.check();
            time.step("indexes");
            long moved = indexed.unfit() == 0 ? 0 : moveUnfit(a, load,
                    Identifiers.qualified(ImportRepository.STAGE_SCHEMA, stageTable), stageColumns, names, unfit);
            time.step("move");
            try (Statement st = a.createStatement()) {
                // the planner's figures for the columns that choose item pages' plans (analyze_new_layer.sql); a
                // sample of 3,000 rows gives their null fractions and distinct counts as well as 30,000 would
                st.execute("SET default_statistics_target = 10");
                try {
                    st.execute(SqlFiles.get("imports/analyze_new_layer.sql").replace("{table}", load));
                } finally {
                    st.execute("RESET default_statistics_target");
                }
            }
            time.step("analyze");
            progress.report(90, "registering layer " + params.layer());
            long loaded = rows - moved;
            return Transactions.inTransaction(a, tx -> {
                ImportRepository.Outcome out = repository.registerLoaded(tx, params.layer(), loadTable, stageTable, names,
                        columns, declared.layerType(), params.idField(), sourceName, job, at, fetchedAt, loaded, moved,
                        moved == 0 ? indexed.statistics() : null, time);
                ImportRepository.applyAccess(tx, params, out.created());
                if (!handle.finish() || !JobService.claimFinish(tx, job)) {
                    throw new JobDismissedException(handle.dismissal());
                }
                return out;
            });
        } catch (Gdal.GdalException e) {
            handle.check();
            throw ImportException.badInput("ogr2ogr could not load the source: " + e.getMessage());
        } catch (SQLException e) {
            if (handle.cancelled()) {
                throw new JobDismissedException(handle.dismissal());
            }
            // A repeated FID, a feature of another type than declared, a value a column refuses, the layer
            // registered meanwhile: the staging path takes such sources feature by feature (and says what it
            // cannot take). Nothing of this attempt is kept.
            throw new NotApplicable("the database refused the direct load: " + firstLine(e));
        } finally {
            cancel.close();
            if (dump[0] != null) {
                dump[0].close();
            }
            if (ahead[0] != null) {
                ahead[0].close();
            }
            if (a != null) {
                cleanUp(a, load, params.layer(), locked);
            }
            for (Connection c : sessions) {
                try {
                    c.close();
                } catch (SQLException e) {
                    LOG.debugf("closing a load session: %s", e.getMessage());
                }
            }
        }
    }

    /** Reads the dump up to its COPY line: the table's statements (checked) and the COPY's columns. */
    static Header header(InputStream in, String stageTable) throws IOException, NotApplicable {
        String table = "\"" + ImportRepository.STAGE_SCHEMA + "\".\"" + stageTable + "\"";
        List<String> ddl = new ArrayList<>();
        boolean nonStandard = false;
        String geometryType = null;
        StringBuilder statement = new StringBuilder();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        int ch;
        while ((ch = in.read()) >= 0) {
            if (++total > MAX_HEADER_BYTES) {
                throw new NotApplicable("the dump's statements before its data exceed " + MAX_HEADER_BYTES + " bytes");
            }
            if (ch != '\n') {
                line.write(ch);
                continue;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (statement.isEmpty() && text.startsWith("COPY " + table + " (") && text.endsWith(") FROM STDIN;")) {
                if (geometryType == null) {
                    throw new NotApplicable("the dump adds no geometry column");
                }
                List<String> columns = new ArrayList<>();
                Matcher m = QUOTED.matcher(text.substring(("COPY " + table + " (").length(), text.length() - ") FROM STDIN;".length()));
                while (m.find()) {
                    columns.add(m.group(1).replace("\"\"", "\""));
                }
                return new Header(ddl, nonStandard, geometryType, columns);
            }
            statement.append(statement.isEmpty() ? "" : "\n").append(text);
            if (!text.endsWith(";")) {
                continue;
            }
            String s = statement.toString();
            statement.setLength(0);
            if (s.equals("BEGIN;") || s.startsWith("COMMENT ON ")) {
                continue;
            }
            if (s.equals("SET standard_conforming_strings = OFF;")) {
                nonStandard = true;
            } else if (s.startsWith("CREATE UNLOGGED TABLE " + table + " (") || s.startsWith("CREATE TABLE " + table + " (")
                    || s.startsWith("ALTER TABLE " + table + " ")) {
                ddl.add(s);
            } else if (s.startsWith("SELECT AddGeometryColumn('" + ImportRepository.STAGE_SCHEMA + "','" + stageTable + "',")) {
                Matcher m = GEOMETRY_COLUMN.matcher(s);
                if (!m.find()) {
                    throw new NotApplicable("the dump adds a geometry column the first load does not know: " + s);
                }
                geometryType = switch (m.group(1)) {
                    case "POINT" -> "Point";
                    case "MULTIPOINT" -> "MultiPoint";
                    case "MULTILINESTRING" -> "MultiLineString";
                    case "MULTIPOLYGON" -> "MultiPolygon";
                    default -> m.group(1);
                };
                ddl.add(s);
            } else {
                throw new NotApplicable("the dump holds a statement the first load does not know: "
                        + s.substring(0, Math.min(80, s.length())));
            }
        }
        throw new NotApplicable("the dump ended before its data (no features?)");
    }

    /** The staging table, as ogr2ogr would have created it (it takes the features that need the geometry policy). */
    private static void createStage(Connection a, Header header) throws SQLException {
        Transactions.inTransaction(a, tx -> {
            try (Statement st = tx.createStatement()) {
                if (header.nonStandardStrings()) {
                    st.execute("SET LOCAL standard_conforming_strings = off");
                }
                for (String s : header.ddl()) {
                    st.execute(s);
                }
            }
            return null;
        });
    }

    private static void createLoadTable(Connection a, String load, Map<String, String> columns, Map<String, String> names,
            String type, String idField, String source, UUID run, Instant at, Instant fetchedAt) throws SQLException {
        StringBuilder ddl = new StringBuilder();
        for (Map.Entry<String, String> e : columns.entrySet()) {
            ddl.append(Identifiers.quote(e.getKey())).append(' ').append(e.getValue()).append(",\n    ");
        }
        String featureId;
        if (idField == null) {
            featureId = "fid::text";
        } else {
            String column = names.get(idField);
            if (column == null) {
                throw ImportException.badInput("the source has no field " + idField);
            }
            featureId = text(Identifiers.quote(column), immutableText(a, columns.get(column)));
        }
        String[] literal = new String[4];
        try (PreparedStatement ps = a.prepareStatement("SELECT quote_literal(?::text), quote_literal(?::uuid::text),"
                + " quote_literal(?::timestamptz::text), quote_literal(?::timestamptz::text)")) {
            ps.setString(1, source);
            ps.setObject(2, run);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setTimestamp(4, Timestamp.from(fetchedAt));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < literal.length; i++) {
                    literal[i] = rs.getString(i + 1);
                }
            }
        }
        try (Statement st = a.createStatement()) {
            st.execute(SqlFiles.get("imports/create_load_table.sql")
                    .replace("{table}", load)
                    .replace("{columns}", ddl.toString())
                    .replace("{geometry_type}", type)
                    .replace("{feature_id}", featureId)
                    .replace("{source}", literal[0])
                    .replace("{run}", literal[1] + "::uuid")
                    .replace("{at}", literal[2] + "::timestamptz")
                    .replace("{fetched_at}", literal[3] + "::timestamptz"));
        }
    }

    /** A column as text: the plain cast where it is immutable, else through tweeling.hash_text (V004). */
    private static String text(String column, boolean immutable) {
        return immutable ? column + "::text" : "tweeling.hash_text(" + column + ")";
    }

    /** Whether the cast of {@code type} to text is immutable (the type's output function is). */
    private static boolean immutableText(Connection a, String type) throws SQLException {
        try (PreparedStatement ps = a.prepareStatement(
                "SELECT p.provolatile = 'i' FROM pg_type AS t JOIN pg_proc AS p ON p.oid = t.typoutput WHERE t.oid = ?::regtype")) {
            ps.setString(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The COPY into the load table, its columns in the dump's order. */
    private static String copyStatement(String load, List<String> dumpColumns, Map<String, String> names) throws NotApplicable {
        List<String> columns = new ArrayList<>();
        for (String c : dumpColumns) {
            String column = switch (c) {
                case "_geom" -> "geom";
                case "_fid" -> "fid";
                default -> names.get(c);
            };
            if (column == null) {
                throw new NotApplicable("the dump writes a column the table does not have: " + c);
            }
            columns.add(Identifiers.quote(column));
        }
        return "COPY " + load + " (" + String.join(", ", columns) + ") FROM STDIN";
    }

    /**
     * Streams the dump's COPY rows to the sessions, a chunk of whole rows at a time, each session taking the next
     * chunk in turn; returns the rows written. Progress goes from 5 to 70 percent by the rows ogrinfo counted.
     */
    private static long relay(InputStream in, List<Connection> sessions, String copy, long expected, Progress progress)
            throws IOException, SQLException, InterruptedException {
        List<Writer> writers = new ArrayList<>();
        try {
            for (int i = 0; i < sessions.size(); i++) {
                writers.add(new Writer(sessions.get(i), copy, "tweeling-import-copy-" + i));
            }
            byte[] buf = new byte[CHUNK];
            int len = 0;
            long rows = 0;
            long reported = System.nanoTime();
            int next = 0;
            boolean ended = false;
            while (!ended) {
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);   // one row longer than the buffer
                }
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    break;
                }
                int scanFrom = len;
                len += n;
                int end = 0;
                int lineStart = 0;
                // rows end with \n; the data ends with the line "\."
                for (int i = 0; i < len; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    if (i - lineStart == 2 && buf[lineStart] == '\\' && buf[lineStart + 1] == '.') {
                        ended = true;
                        break;
                    }
                    if (i >= scanFrom) {
                        rows++;
                    }
                    lineStart = i + 1;
                    end = lineStart;
                }
                if (end > 0) {
                    writers.get(next++ % writers.size()).put(Arrays.copyOf(buf, end));
                    System.arraycopy(buf, end, buf, 0, len - end);
                    len -= end;
                }
                if (expected > 0 && System.nanoTime() - reported > 500_000_000L) {
                    reported = System.nanoTime();
                    int percent = (int) Math.min(100, rows * 100 / expected);
                    progress.report(5 + percent * 65 / 100, "loading into the new layer (" + percent + "%)");
                }
            }
            if (!ended) {
                // ogr2ogr stopped before the end of its data: its own message says why (Streaming.finish)
                throw new IOException("ogr2ogr's output ended before the end of its data");
            }
            long written = 0;
            for (Writer w : writers) {
                written += w.finish();
            }
            return written;
        } finally {
            for (Writer w : writers) {
                w.abort();
            }
        }
    }

    /**
     * Reads a stream on a thread of its own into a bounded queue of chunks, so that the writer (ogr2ogr) does not
     * wait while the reader is busy elsewhere; read() takes from the queue.
     */
    private static final class ReadAhead extends InputStream {
        private static final int AHEAD = 64;
        private static final byte[] EOF = new byte[0];
        private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(AHEAD);
        private final Thread thread;
        private volatile IOException error;
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        ReadAhead(InputStream in, String name) {
            thread = new Thread(() -> {
                try {
                    while (true) {
                        byte[] chunk = in.readNBytes(CHUNK);
                        if (chunk.length == 0) {
                            break;
                        }
                        queue.put(chunk);
                    }
                } catch (IOException e) {
                    error = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    queue.put(EOF);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == current.length) {
                if (ended) {
                    return -1;
                }
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading ogr2ogr's output", e);
                }
                pos = 0;
                if (current == EOF) {
                    ended = true;
                    if (error != null) {
                        throw error;
                    }
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /** One session's COPY, fed chunks of whole rows by the relay through a short queue. */
    private static final class Writer implements Runnable {
        private static final byte[] END = new byte[0];
        private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(4);
        private final CopyIn copy;
        private final Thread thread;
        private volatile Throwable error;
        private volatile long rows = -1;

        Writer(Connection c, String sql, String name) throws SQLException {
            copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    byte[] chunk = queue.take();
                    if (chunk == END) {
                        rows = copy.endCopy();
                        return;
                    }
                    copy.writeToCopy(chunk, 0, chunk.length);
                }
            } catch (SQLException | InterruptedException | RuntimeException e) {
                error = e;
                try {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                } catch (SQLException ignored) {
                    // the COPY failed already; the load fails with the first error
                }
            }
        }

        void put(byte[] chunk) throws SQLException, InterruptedException {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                failed();
                if (!thread.isAlive()) {
                    throw new SQLException("a load session stopped");
                }
            }
            failed();
        }

        long finish() throws SQLException, InterruptedException {
            put(END);
            thread.join();
            failed();
            return rows;
        }

        private void failed() throws SQLException {
            Throwable e = error;
            if (e instanceof SQLException s) {
                throw s;
            }
            if (e != null) {
                throw new SQLException("a load session failed: " + e, e);
            }
        }

        void abort() {
            if (thread.isAlive()) {
                thread.interrupt();
                try {
                    thread.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Moves the features whose geometry the policy must see ({@code unfit}, a condition on {@code t}) to the staging
     * table; returns how many.
     */
    private static long moveUnfit(Connection a, String load, String stage, Map<String, String> stageColumns,
            Map<String, String> names, String unfit) throws SQLException {
        StringBuilder stageList = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (Map.Entry<String, String> e : names.entrySet()) {
            stageList.append(", ").append(Identifiers.quote(e.getKey()));
            values.append(", m.").append(Identifiers.quote(e.getValue())).append("::").append(stageColumns.get(e.getKey()));
        }
        String sql = SqlFiles.get("imports/move_unfit_rows.sql")
                .replace("{table}", load)
                .replace("{stage}", stage)
                .replace("{stage_columns}", stageList.toString())
                .replace("{values}", values.toString())
                .replace("{unfit}", unfit);
        return Transactions.inTransaction(a, tx -> {
            try (Statement st = tx.createStatement()) {
                st.execute("SET LOCAL jit = off");
                return (long) st.executeUpdate(sql);
            }
        });
    }

    /** A step of the index phase, on one of the sessions. */
    private interface Task {
        void run(Statement st) throws SQLException;
    }

    private static Task task(String name, Task task) {
        return new Task() {
            @Override
            public void run(Statement st) throws SQLException {
                task.run(st);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * The condition on a load table's row {@code t} for a geometry the policy must see: not as fits_layer.sql
     * wants it. In a Point table (its column takes points only, never NULL) that is a point without finite
     * coordinates, which the two coordinate functions find alone (an empty point has none); other types go
     * through fits_layer.sql as a whole.
     */
    static String unfit(String layerType) {
        if (layerType.equals("Point")) {
            return "NOT coalesce(abs(ST_X(t.geom)) < 'Infinity'::float8 AND abs(ST_Y(t.geom)) < 'Infinity'::float8, false)";
        }
        return "NOT coalesce(" + ImportRepository.fits("t.geom", ImportRepository.fastTypes(layerType)) + ", false)";
    }

    /** What the index phase found: the layer's statistics, and how many features the geometry policy must see. */
    private record IndexPhase(ImportRepository.Statistics statistics, long unfit) {
    }

    /**
     * Builds the load table's indexes, each session taking the next statement (longest first), and meanwhile, as
     * reads that the builds do not block, computes the layer's statistics and counts the features whose geometry
     * does not fit ({@code unfit}); then attaches the primary key. An index that finds two equal ids or FIDs fails
     * the phase (the staging path then decides).
     */
    private static IndexPhase buildIndexes(List<Connection> sessions, String load, String pk, String unfit)
            throws SQLException, InterruptedException {
        ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
        for (String sql : SqlFiles.get("imports/load_table_indexes.sql").replace("{table}", load)
                .replace("{pk}", Identifiers.quote(pk)).split(";\\s*\n")) {
            tasks.add(task(sql.substring(sql.indexOf(" ON ") + 4).replace(load, "").strip(), st -> st.execute(sql)));
        }
        ImportRepository.Statistics[] statistics = {null};
        long[] unfitCount = {0};
        tasks.add(task("unfit", st -> {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + load + " AS t WHERE " + unfit)) {
                rs.next();
                unfitCount[0] = rs.getLong(1);
            }
        }));
        tasks.add(task("statistics", st -> statistics[0] = ImportRepository.Statistics.of(st, load)));
        List<Thread> threads = new ArrayList<>();
        List<SQLException> errors = new CopyOnWriteArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            Connection c = sessions.get(i);
            Thread t = new Thread(() -> {
                try (Statement st = c.createStatement()) {
                    st.execute("SET maintenance_work_mem = '" + ImportRepository.INDEX_MEMORY + "'");
                    st.execute("SET jit = off");
                    try {
                        Task task;
                        while (errors.isEmpty() && (task = tasks.poll()) != null) {
                            long t0 = System.nanoTime();
                            task.run(st);
                            LOG.debugf("%s: %d ms", task, (System.nanoTime() - t0) / 1_000_000);
                        }
                    } finally {
                        st.execute("RESET maintenance_work_mem");
                        st.execute("RESET jit");
                    }
                } catch (SQLException e) {
                    errors.add(e);
                }
            }, "tweeling-import-index-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        runScript(sessions.get(0), SqlFiles.get("imports/load_table_key.sql").replace("{table_literal}", "'" + load + "'")
                .replace("{table}", load).replace("{pk}", Identifiers.quote(pk)));
        return new IndexPhase(statistics[0], unfitCount[0]);
    }

    private static void runScript(Connection a, String script) throws SQLException {
        try (Statement st = a.createStatement()) {
            for (String s : script.split(";\\s*\n")) {
                st.execute(s);
            }
        }
    }

    private static void lock(Connection a, String layer) throws SQLException {
        try (PreparedStatement ps = a.prepareStatement("SELECT pg_advisory_lock(hashtext('tweeling.import'), hashtext(?))")) {
            ps.setString(1, layer);
            ps.execute();
        }
    }

    private static boolean registered(Connection a, String layer) throws SQLException {
        try (PreparedStatement ps = a.prepareStatement("SELECT 1 FROM tweeling.layer WHERE id = ?")) {
            ps.setString(1, layer);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Drops the load table unless it was registered, and releases the layer's lock. */
    private static void cleanUp(Connection a, String load, String layer, boolean locked) {
        try (Statement st = a.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + load);
        } catch (SQLException e) {
            LOG.warnf("could not drop the load table %s: %s", load, e.getMessage());
        }
        if (locked) {
            try (PreparedStatement ps = a.prepareStatement("SELECT pg_advisory_unlock(hashtext('tweeling.import'), hashtext(?))")) {
                ps.setString(1, layer);
                ps.execute();
            } catch (SQLException e) {
                LOG.warnf("could not release the import lock of layer %s: %s", layer, e.getMessage());
            }
        }
    }

    private static String firstLine(SQLException e) {
        String m = e.getMessage();
        return m == null ? e.getSQLState() : m.lines().findFirst().orElse(m);
    }
}
