package nl.tweeling.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.sql.SqlFiles;

/**
 * Writes observation batches in one transaction with exactly-once effect on the unique key (datastream,
 * phenomenon time). Idempotent: writing the same batch twice changes nothing the second time.
 *
 * <p>Two paths, the same result:
 * <ol>
 * <li><b>Direct</b> (the common case, fresh data): the batch is folded in Java to one row per key (in batch
 * order, by the same rule as the merge below, so in-batch corrections are counted), then {@code COPY}ed
 * straight into the partitioned table inside a savepoint.</li>
 * <li><b>Merge</b>, when that {@code COPY} hits a row that already exists (SQLSTATE 23505: a redelivery, a
 * correction of stored data): back to the savepoint, then {@code COPY} into a per-connection staging table
 * and one merge ({@code sql/ingest/merge_observations.sql}) per round, where round k holds the k-th
 * occurrence of each key in the batch. A batch thus has the same effect as its messages one by one.</li>
 * </ol>
 * Either way each touched datastream's latest value is then refreshed from the table.
 */
@ApplicationScoped
public class ObservationRepository {

    /**
     * What a batch did: new rows, corrections (each counted once), and the rest (duplicates or stale
     * redeliveries); {@code stored} lists the rows that now hold a value of the batch, as stored (see {@link Stored}).
     */
    public record WriteResult(int inserted, int corrected, int unchanged, List<Stored> stored) {

        public WriteResult(int inserted, int corrected, int unchanged) {
            this(inserted, corrected, unchanged, List.of());
        }

        /** The counts alone (to compare what batches did). */
        public WriteResult counts() {
            return new WriteResult(inserted, corrected, unchanged);
        }
    }

    /**
     * A row as a batch left it: inserted or corrected by one of its messages, or stored earlier by the very
     * same message (same source, position and run: a redelivery, reported again so that whoever publishes
     * committed observations cannot lose them to a crash between the commit and the publication). A
     * duplicate of a value that another message stored is not reported.
     *
     * @param corrections how many times the row was corrected, this batch included
     */
    public record Stored(long id, long datastreamId, Instant phenomenonTime, Double result, String resultJson,
            int corrections) {
    }

    /** Which path wrote the batches (for tests and diagnostics). */
    public enum Path { DIRECT, MERGE }

    @Inject
    DataSource dataSource;

    private final java.util.concurrent.atomic.AtomicLong direct = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong merged = new java.util.concurrent.atomic.AtomicLong();

    /** Batches written by each path since start. */
    public long batches(Path path) {
        return path == Path.DIRECT ? direct.get() : merged.get();
    }

    /** Writes the batch in one transaction; throws when the database is unreachable (nothing is written then). */
    public WriteResult write(List<Observation> batch) throws SQLException {
        return write(batch, null);
    }

    /**
     * Writes the batch in one transaction, each row tagged with {@code run} (the job that produced it) in
     * {@code source_run}, or none when null.
     */
    public WriteResult write(List<Observation> batch, UUID run) throws SQLException {
        if (batch.isEmpty()) {
            return new WriteResult(0, 0, 0);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                WriteResult result = write(c, batch, run);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Writes the batch within the caller's transaction on {@code c}. */
    public WriteResult write(Connection c, List<Observation> batch) throws SQLException {
        return write(c, batch, null);
    }

    /** Writes the batch within the caller's transaction on {@code c}, tagging rows with {@code run} (or none). */
    public WriteResult write(Connection c, List<Observation> batch, UUID run) throws SQLException {
        if (batch.isEmpty()) {
            return new WriteResult(0, 0, 0);
        }
        Folded folded = fold(batch);
        WriteResult result = null;
        if (folded.exact) {
            long[] ids = nextIds(c, folded.rows.size());
            Savepoint sp = c.setSavepoint();
            try {
                copyBinary(c, folded.rows, ids, run);
                c.releaseSavepoint(sp);
                int corrected = 0;
                List<Stored> stored = new ArrayList<>(folded.rows.size());
                for (int i = 0; i < ids.length; i++) {
                    Row r = folded.rows.get(i);
                    corrected += r.corrections;
                    stored.add(new Stored(ids[i], r.o.datastreamId(), r.o.phenomenonTime(), r.o.result(),
                            r.o.resultJson(), r.corrections));
                }
                result = new WriteResult(folded.rows.size(), corrected, batch.size() - folded.rows.size() - corrected,
                        stored);
                direct.incrementAndGet();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                // a key is already stored: the merge decides duplicate, correction or stale redelivery
                c.rollback(sp);
            }
        }
        if (result == null) {
            result = merge(c, batch, run);
            merged.incrementAndGet();
        }
        updateLatest(c, folded.newest);
        return result;
    }

    /** The merge path: one staged merge per round of distinct keys. */
    private WriteResult merge(Connection c, List<Observation> batch, UUID run) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(SqlFiles.get("ingest/create_observation_stage.sql"));
        }
        List<List<Observation>> rounds = rounds(batch);
        int inserted = 0;
        int corrected = 0;
        Map<Long, Stored> stored = new java.util.LinkedHashMap<>();
        for (List<Observation> round : rounds) {
            copy(c, "COPY observation_stage (seq, datastream_id, phenomenon_time, result, result_json, quality, source,"
                    + " source_run, source_offset) FROM STDIN (FORMAT csv)", csv(round, run));
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(SqlFiles.get("ingest/merge_observations.sql"))) {
                while (rs.next()) {
                    if (rs.getBoolean(1)) {
                        inserted++;
                    } else {
                        corrected++;
                    }
                }
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(SqlFiles.get("ingest/select_staged_observations.sql"))) {
                while (rs.next()) {
                    double v = rs.getDouble(4);
                    Double value = rs.wasNull() ? null : v;
                    Stored s = new Stored(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), value,
                            rs.getString(5), rs.getInt(6));
                    stored.put(s.id(), s);   // a later round's value of the same row replaces the earlier one
                }
            }
            try (Statement st = c.createStatement()) {
                // ON COMMIT DELETE ROWS empties it at commit; the next round (or a caller's next batch) needs it empty now
                st.execute("TRUNCATE observation_stage");
            }
        }
        return new WriteResult(inserted, corrected, batch.size() - inserted - corrected, new ArrayList<>(stored.values()));
    }

    /** {@code n} fresh observation ids from the table's sequence, in one round trip. */
    private static long[] nextIds(Connection c, int n) throws SQLException {
        long[] ids = new long[n];
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("ingest/next_observation_ids.sql"))) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; i < n; i++) {
                    if (!rs.next()) {
                        throw new SQLException("the observation id sequence gave " + i + " of " + n + " ids");
                    }
                    ids[i] = rs.getLong(1);
                }
            }
        }
        return ids;
    }

    /** Refreshes each datastream's latest value from the stored row at its newest time in the batch. */
    private static void updateLatest(Connection c, TreeMap<Long, Instant> newest) throws SQLException {
        Long[] ids = newest.keySet().toArray(new Long[0]);
        Timestamp[] times = new Timestamp[ids.length];
        int i = 0;
        for (Instant t : newest.values()) {
            times[i++] = Timestamp.from(t);
        }
        try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("ingest/update_latest.sql"))) {
            Array a = c.createArrayOf("bigint", ids);
            Array b = c.createArrayOf("timestamptz", times);
            ps.setArray(1, a);
            ps.setArray(2, b);
            ps.executeUpdate();
        }
    }

    private static void copy(Connection c, String sql, String data) throws SQLException {
        copy(c, sql, data.getBytes(StandardCharsets.UTF_8));
    }

    private static void copy(Connection c, String sql, byte[] data) throws SQLException {
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(data), 1 << 16);
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
    }

    // --- folding a batch -----------------------------------------------------------------------------

    private record Key(long datastreamId, Instant time) {
    }

    /** The row a key ends with after applying its messages in batch order, and how many of them corrected it. */
    static final class Row {
        Observation o;
        int corrections;

        Row(Observation o) {
            this.o = o;
        }
    }

    /**
     * @param rows   one per key, in order of first occurrence
     * @param exact  false when Java cannot decide like the database (two JSON results that differ as text may
     *               be equal as jsonb; a time finer than the microseconds the database keeps): then only the
     *               merge path is used
     * @param newest per datastream (ascending ids, the lock order), its newest time in the batch
     */
    record Folded(List<Row> rows, boolean exact, TreeMap<Long, Instant> newest) {
    }

    static Folded fold(List<Observation> batch) {
        List<Row> rows = new ArrayList<>(batch.size());
        KeyIndex byKey = new KeyIndex(batch.size(), rows);
        TreeMap<Long, Instant> newest = new TreeMap<>();
        boolean exact = true;
        for (int i = 0, n = batch.size(); i < n; i++) {
            Observation o = batch.get(i);
            Instant t = o.phenomenonTime();
            long second = t.getEpochSecond();
            if (t.getNano() % 1000 != 0 || second < -62_135_596_800L || second > 253_402_300_799L) {
                // the database rounds to microseconds, and refuses times it cannot hold: its own text input decides
                exact = false;
            }
            int at = byKey.rowOf(o);
            if (at < 0) {
                rows.add(new Row(o));
                Instant known = newest.get(o.datastreamId());
                if (known == null || t.isAfter(known)) {
                    newest.put(o.datastreamId(), t);
                }
                continue;
            }
            Row r = rows.get(at);
            Observation cur = r.o;
            if (cur.resultJson() != null && o.resultJson() != null && !cur.resultJson().equals(o.resultJson())) {
                exact = false;
            }
            if (differs(cur, o) && laterAtSource(cur, o)) {
                r.o = o;
                r.corrections++;
            }
        }
        return new Folded(rows, exact, newest);
    }

    /**
     * The row number of each key (datastream, time) of a batch being folded: an open-addressing table of
     * row numbers that compares keys with the rows' own observations, so no key object is made per message.
     */
    private static final class KeyIndex {
        private final int[] slots;   // row number + 1; 0 is free
        private final int mask;
        private final List<Row> rows;

        KeyIndex(int expected, List<Row> rows) {
            int capacity = Integer.highestOneBit(Math.max(2, expected) * 2 - 1) << 1;   // at most half full
            this.slots = new int[capacity];
            this.mask = capacity - 1;
            this.rows = rows;
        }

        /** The row of {@code o}'s key; -1 when the key is new, which claims the next row number for it. */
        int rowOf(Observation o) {
            long ds = o.datastreamId();
            Instant t = o.phenomenonTime();
            long h = (ds * 0x9E3779B97F4A7C15L + t.getEpochSecond()) * 0xBF58476D1CE4E5B9L + t.getNano();
            int i = (int) (h ^ (h >>> 29) ^ (h >>> 47)) & mask;
            while (true) {
                int s = slots[i];
                if (s == 0) {
                    slots[i] = rows.size() + 1;
                    return -1;
                }
                Observation k = rows.get(s - 1).o;   // a correction replaces the observation, never its key
                if (k.datastreamId() == ds && k.phenomenonTime().equals(t)) {
                    return s - 1;
                }
                i = (i + 1) & mask;
            }
        }
    }

    /** The rule of merge_observations.sql: a different result… */
    private static boolean differs(Observation a, Observation b) {
        boolean resultsDiffer = a.result() == null ? b.result() != null
                : b.result() == null || a.result().doubleValue() != b.result().doubleValue();
        return resultsDiffer || !Objects.equals(a.resultJson(), b.resultJson());
    }

    /** …from another source, or without positions, or at a higher position of the same source. */
    private static boolean laterAtSource(Observation stored, Observation next) {
        return !Objects.equals(stored.source(), next.source()) || stored.sourceOffset() == null
                || next.sourceOffset() == null || next.sourceOffset() > stored.sourceOffset();
    }

    /** Round k holds the k-th occurrence of each key, in batch order. */
    static List<List<Observation>> rounds(List<Observation> batch) {
        Map<Key, Integer> seen = new HashMap<>(batch.size() * 2);
        List<List<Observation>> rounds = new ArrayList<>();
        for (Observation o : batch) {
            int k = seen.merge(new Key(o.datastreamId(), o.phenomenonTime()), 1, Integer::sum) - 1;
            if (k == rounds.size()) {
                rounds.add(new ArrayList<>(k == 0 ? batch.size() : 16));
            }
            rounds.get(k).add(o);
        }
        return rounds;
    }

    // --- COPY formats --------------------------------------------------------------------------------

    /** Microseconds from the Unix epoch to PostgreSQL's (2000-01-01). */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private static final byte[] BINARY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};

    private static final String COPY_DIRECT = "COPY tweeling.observation (id, datastream_id, phenomenon_time, result,"
            + " result_json, quality, source, source_run, source_offset, corrections) FROM STDIN (FORMAT binary)";

    /**
     * {@code COPY}s the folded rows straight into the table in the binary format (direct path), encoded into
     * one small buffer that is sent whenever it fills: no number or time formatting in Java, no parsing in
     * the database, no copy of the batch in memory. Times are whole microseconds here (see {@link #fold}).
     */
    private static void copyBinary(Connection c, List<Row> rows, long[] ids, UUID run) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_DIRECT);
        try {
            BinaryCopy out = new BinaryCopy(copy);
            out.write(BINARY_HEADER, 0, BINARY_HEADER.length);
            for (int i = 0, n = rows.size(); i < n; i++) {
                Row r = rows.get(i);
                out.row(ids[i], r.o, r.corrections, run);
            }
            out.int16(-1);
            out.flush();
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** A big-endian encoder of COPY binary rows that hands its buffer to the {@code COPY} whenever it fills. */
    static final class BinaryCopy {
        private final CopyIn sink;
        private final byte[] buf = new byte[1 << 16];
        private int count;
        private String lastText;
        private byte[] lastBytes;

        BinaryCopy(CopyIn sink) {
            this.sink = sink;
        }

        void row(long id, Observation o, int corrections, UUID run) throws SQLException {
            int16(10);
            int32(8);
            int64(id);
            int32(8);
            int64(o.datastreamId());
            Instant t = o.phenomenonTime();
            int32(8);
            int64(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000) - PG_EPOCH_MICROS);
            if (o.result() == null) {
                int32(-1);
            } else {
                int32(8);
                int64(Double.doubleToRawLongBits(o.result()));
            }
            if (o.resultJson() == null) {
                int32(-1);
            } else {
                byte[] b = o.resultJson().getBytes(StandardCharsets.UTF_8);
                int32(b.length + 1);
                room(1);
                buf[count++] = 1;   // jsonb binary format version
                write(b, 0, b.length);
            }
            text(o.quality());
            text(o.source());
            if (run == null) {
                int32(-1);
            } else {
                int32(16);
                int64(run.getMostSignificantBits());
                int64(run.getLeastSignificantBits());
            }
            if (o.sourceOffset() == null) {
                int32(-1);
            } else {
                int32(8);
                int64(o.sourceOffset());
            }
            int32(4);
            int32(corrections);
        }

        void int16(int v) throws SQLException {
            room(2);
            buf[count++] = (byte) (v >>> 8);
            buf[count++] = (byte) v;
        }

        void int32(int v) throws SQLException {
            room(4);
            buf[count++] = (byte) (v >>> 24);
            buf[count++] = (byte) (v >>> 16);
            buf[count++] = (byte) (v >>> 8);
            buf[count++] = (byte) v;
        }

        void int64(long v) throws SQLException {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        /** A text field (null as NULL); the same text as the previous call (a batch's source) is encoded once. */
        void text(String s) throws SQLException {
            if (s == null) {
                int32(-1);
                return;
            }
            byte[] b;
            if (s.equals(lastText)) {
                b = lastBytes;
            } else {
                b = s.getBytes(StandardCharsets.UTF_8);
                lastText = s;
                lastBytes = b;
            }
            int32(b.length);
            write(b, 0, b.length);
        }

        void write(byte[] b, int off, int len) throws SQLException {
            if (len > buf.length - count) {
                flush();
                if (len > buf.length) {
                    sink.writeToCopy(b, off, len);
                    return;
                }
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void room(int n) throws SQLException {
            if (count + n > buf.length) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (count > 0) {
                sink.writeToCopy(buf, 0, count);
                count = 0;
            }
        }
    }

    /** CSV for the staging table (merge path). */
    static String csv(List<Observation> batch, UUID run) {
        StringBuilder sb = new StringBuilder(batch.size() * 96);
        int seq = 0;
        for (Observation o : batch) {
            sb.append(seq++).append(',')
                    .append(o.datastreamId()).append(',')
                    .append(o.phenomenonTime()).append(',');
            if (o.result() != null) {
                sb.append(o.result());
            }
            sb.append(',');
            quoted(sb, o.resultJson());
            sb.append(',');
            quoted(sb, o.quality());
            sb.append(',');
            quoted(sb, o.source());
            sb.append(',');
            if (run != null) {
                sb.append(run);
            }
            sb.append(',');
            if (o.sourceOffset() != null) {
                sb.append(o.sourceOffset());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A CSV field: null stays empty (NULL to COPY), text is quoted with inner quotes doubled. */
    private static void quoted(StringBuilder sb, String s) {
        if (s != null) {
            sb.append('"').append(s.replace("\"", "\"\"")).append('"');
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }
}
