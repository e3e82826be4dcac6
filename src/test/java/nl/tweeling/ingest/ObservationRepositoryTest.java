package nl.tweeling.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import nl.tweeling.ingest.ObservationRepository.Path;
import nl.tweeling.ingest.ObservationRepository.WriteResult;
import nl.tweeling.support.TestDatabase;

/**
 * Both write paths of the repository (direct COPY for fresh keys, staged merge when a key exists) give the
 * same exactly-once result: duplicates change nothing, the later message wins and every correction is
 * counted once, whether it came in the same batch or a later one.
 */
@QuarkusTest
class ObservationRepositoryTest {

    static final String SRC = "kafka:test/0";

    @Inject
    ObservationRepository repository;

    @Inject
    IngestService ingest;

    static Observation obs(long ds, String time, double result, long offset) {
        return new Observation(ds, Instant.parse(time), result, null, null, SRC, offset);
    }

    @Test
    void freshBatchGoesDirectAndTheSameBatchAgainChangesNothing() throws Exception {
        long ds = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        List<Observation> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(obs(ds, String.format("2026-06-01T%02d:%02d:00Z", i / 60, i % 60), i, i));
        }
        long direct = repository.batches(Path.DIRECT);
        long merged = repository.batches(Path.MERGE);
        assertEquals(new WriteResult(100, 0, 0), repository.write(batch).counts());
        assertEquals(direct + 1, repository.batches(Path.DIRECT), "a fresh batch is copied straight in");
        assertEquals(new WriteResult(0, 0, 100), repository.write(batch).counts());
        assertEquals(merged + 1, repository.batches(Path.MERGE), "a redelivered batch is merged");
        assertEquals(100, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", ds));
        assertEquals(0, TestDatabase.count("SELECT coalesce(sum(corrections), 0) FROM tweeling.observation WHERE datastream_id = ?", ds));
        assertEquals(99.0, ((Number) TestDatabase.scalar("SELECT latest_result FROM tweeling.datastream WHERE id = ?", ds)).doubleValue());
    }

    /**
     * What live push publishes: the rows a batch wrote (with their ids), and the same rows again when the
     * same messages come again (a redelivery after a failed publication), but neither a duplicate from
     * another message nor a stale redelivery.
     */
    @Test
    void storedListsTheRowsABatchWroteAndTheSameMessagesAgain() throws Exception {
        long ds = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        String t1 = "2026-06-08T10:00:00Z";
        String t2 = "2026-06-08T10:10:00Z";
        List<Observation> batch = List.of(obs(ds, t1, 1, 1), obs(ds, t2, 2, 2));
        WriteResult first = repository.write(batch);
        assertEquals(2, first.stored().size());
        for (ObservationRepository.Stored s : first.stored()) {
            assertEquals(s.id(), TestDatabase.count("SELECT id FROM tweeling.observation WHERE datastream_id = ?"
                    + " AND phenomenon_time = ?", ds, java.sql.Timestamp.from(s.phenomenonTime())));
        }
        assertEquals(List.of(1.0, 2.0), first.stored().stream().map(ObservationRepository.Stored::result).toList());
        WriteResult again = repository.write(batch);
        assertEquals(new WriteResult(0, 0, 2), again.counts());
        assertEquals(first.stored(), again.stored(), "a redelivery reports the rows its messages stored");
        assertEquals(List.of(), repository.write(List.of(obs(ds, t1, 1, 7))).stored(), "a duplicate from another message");
        WriteResult corrected = repository.write(List.of(obs(ds, t1, 5, 8)));
        assertEquals(1, corrected.stored().size());
        assertEquals(first.stored().get(0).id(), corrected.stored().get(0).id());
        assertEquals(5.0, corrected.stored().get(0).result());
        assertEquals(1, corrected.stored().get(0).corrections());
        assertEquals(List.of(), repository.write(List.of(obs(ds, t1, 1, 1))).stored(), "a stale redelivery");
    }

    @Test
    void correctionsCountTheSameInOneBatchOrSpreadOverBatches() throws Exception {
        long a = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        long b = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        long c = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        String t = "2026-06-02T10:00:00Z";
        // a: all in one fresh batch (direct path); 1 → 1 (duplicate) → 2 (correction) → 3 (correction)
        assertEquals(new WriteResult(1, 2, 1),
                repository.write(List.of(obs(a, t, 1, 1), obs(a, t, 1, 2), obs(a, t, 2, 3), obs(a, t, 3, 4))).counts());
        // b: the same messages one per batch
        repository.write(List.of(obs(b, t, 1, 1)));
        repository.write(List.of(obs(b, t, 1, 2)));
        repository.write(List.of(obs(b, t, 2, 3)));
        repository.write(List.of(obs(b, t, 3, 4)));
        // c: the first stored, then all four redelivered in one batch (merge path, in rounds)
        repository.write(List.of(obs(c, t, 1, 1)));
        assertEquals(new WriteResult(0, 2, 2),
                repository.write(List.of(obs(c, t, 1, 1), obs(c, t, 1, 2), obs(c, t, 2, 3), obs(c, t, 3, 4))).counts());
        for (long ds : new long[] {a, b, c}) {
            assertEquals(3.0, ((Number) TestDatabase.scalar(
                    "SELECT result FROM tweeling.observation WHERE datastream_id = ?", ds)).doubleValue(), "result of " + ds);
            assertEquals(2, ((Number) TestDatabase.scalar(
                    "SELECT corrections FROM tweeling.observation WHERE datastream_id = ?", ds)).intValue(), "corrections of " + ds);
            assertEquals(4L, ((Number) TestDatabase.scalar(
                    "SELECT source_offset FROM tweeling.observation WHERE datastream_id = ?", ds)).longValue());
        }
    }

    @Test
    void anOlderMessageNeverOverwritesANewerOne() throws Exception {
        long ds = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        String t = "2026-06-03T10:00:00Z";
        repository.write(List.of(obs(ds, t, 7, 10)));
        assertEquals(new WriteResult(0, 0, 1), repository.write(List.of(obs(ds, t, 6, 9))).counts());
        // in one fresh batch, too: the stale one is ignored
        long other = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        assertEquals(new WriteResult(1, 0, 1), repository.write(List.of(obs(other, t, 7, 10), obs(other, t, 6, 9))).counts());
        for (long id : new long[] {ds, other}) {
            assertEquals(7.0, ((Number) TestDatabase.scalar(
                    "SELECT result FROM tweeling.observation WHERE datastream_id = ?", id)).doubleValue());
            assertEquals(7.0, ((Number) TestDatabase.scalar(
                    "SELECT latest_result FROM tweeling.datastream WHERE id = ?", id)).doubleValue(),
                    "the latest value comes from the stored row");
        }
    }

    @Test
    void runIsStoredAndTextSurvivesCopyEscaping() throws Exception {
        long ds = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        UUID run = UUID.randomUUID();
        String quality = "tab\there, newline\nthere, back\\slash, \"quoted\", ünïcode";
        ingest.write(List.of(new Observation(ds, Instant.parse("2026-06-04T10:00:00Z"), null, "{\"state\": \"open\"}",
                quality, "harvest:test", null)), "test", run);
        ingest.write(List.of(obs(ds, "2026-06-04T11:00:00Z", 1, 1)), "test");
        assertEquals(run, TestDatabase.scalar(
                "SELECT source_run FROM tweeling.observation WHERE datastream_id = ? AND result_json IS NOT NULL", ds));
        assertEquals(quality, TestDatabase.scalar(
                "SELECT quality FROM tweeling.observation WHERE datastream_id = ? AND result_json IS NOT NULL", ds));
        assertEquals("open", TestDatabase.scalar(
                "SELECT result_json ->> 'state' FROM tweeling.observation WHERE datastream_id = ? AND result_json IS NOT NULL", ds));
        assertNull(TestDatabase.scalar("SELECT source_run FROM tweeling.observation WHERE datastream_id = ? AND result = 1", ds));
        // merge path keeps the run as well
        UUID second = UUID.randomUUID();
        ingest.write(List.of(obs(ds, "2026-06-04T11:00:00Z", 2, 2)), "test", second);
        assertEquals(second, TestDatabase.scalar("SELECT source_run FROM tweeling.observation WHERE datastream_id = ? AND result = 2", ds));
    }

    @Test
    void dataTheDatabaseRefusesIsADataErrorOnEitherPath() throws Exception {
        long ds = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        Observation nul = new Observation(ds, Instant.parse("2026-06-05T10:00:00Z"), 1.0, null, "nul\u0000here", SRC, 1L);
        java.sql.SQLException direct = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> repository.write(List.of(nul)));
        org.junit.jupiter.api.Assertions.assertTrue(direct.getSQLState().startsWith("22"), direct.getSQLState());
        Observation badJson = new Observation(ds, Instant.parse("2026-06-05T11:00:00Z"), null, "{not json", null, SRC, 2L);
        java.sql.SQLException json = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> repository.write(List.of(badJson)));
        org.junit.jupiter.api.Assertions.assertTrue(json.getSQLState().startsWith("22"), json.getSQLState());
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", ds));
        // a time finer than microseconds takes the merge path and is rounded by the database as ever
        repository.write(List.of(new Observation(ds, Instant.parse("2026-06-05T12:00:00.000000400Z"), 2.0, null, null, SRC, 3L)));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ? AND phenomenon_time = '2026-06-05T12:00:00Z'", ds));
    }

    /**
     * The direct path streams its COPY in buffer-sized pieces: a batch far larger than the buffer, with a
     * result larger than the buffer on its own, arrives whole; a refused row after several pieces were sent
     * leaves nothing behind, and the next batch is written as usual.
     */
    @Test
    void batchesLargerThanTheCopyBufferArriveWholeOrNotAtAll() throws Exception {
        long ds = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        List<Observation> batch = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            batch.add(obs(ds, Instant.parse("2026-06-06T00:00:00Z").plusSeconds(i).toString(), i * 0.5, i));
        }
        String big = "{\"samples\": [" + "1.25, ".repeat(20_000) + "0]}";
        batch.add(new Observation(ds, Instant.parse("2026-06-06T23:00:00Z"), null, big, "q", SRC, 3000L));
        long direct = repository.batches(Path.DIRECT);
        assertEquals(new WriteResult(3001, 0, 0), repository.write(batch).counts());
        assertEquals(direct + 1, repository.batches(Path.DIRECT));
        assertEquals(3000, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ? AND result IS NOT NULL", ds));
        assertEquals(3000L * 2999 / 4, TestDatabase.count("SELECT sum(result)::bigint FROM tweeling.observation WHERE datastream_id = ?", ds));
        assertEquals(20_001, TestDatabase.count(
                "SELECT jsonb_array_length(result_json -> 'samples') FROM tweeling.observation WHERE datastream_id = ? AND result_json IS NOT NULL", ds));

        long other = TestDatabase.datastreamId(TestDatabase.newDatastream("NO2"));
        List<Observation> refused = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            refused.add(new Observation(other, Instant.parse("2026-06-07T00:00:00Z").plusSeconds(i), 1.0, null,
                    i == 2500 ? "nul\u0000here" : "ok", SRC, (long) i));
        }
        java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> repository.write(refused));
        org.junit.jupiter.api.Assertions.assertTrue(e.getSQLState().startsWith("22"), e.getSQLState());
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM tweeling.observation WHERE datastream_id = ?", other));
        refused.remove(2500);
        assertEquals(new WriteResult(2999, 0, 0), repository.write(refused).counts());
    }

    /**
     * Folding agrees with the plain reading of its rule (per key, in batch order, a different result from
     * another source or at a higher offset replaces the row and counts a correction) on random batches with
     * many repeated keys, times that differ only in nanoseconds, and several sources.
     */
    @Test
    void foldAppliesTheMergeRuleKeyByKey() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 50; round++) {
            List<Observation> batch = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(3000); i < n; i++) {
                Instant t = Instant.parse("2026-06-08T00:00:00Z").plusSeconds(random.nextInt(40)).plusNanos(random.nextInt(3) * 500);
                batch.add(new Observation(1 + random.nextInt(5), t, (double) random.nextInt(3), null, null,
                        random.nextInt(4) == 0 ? "harvest:x" : SRC, random.nextInt(10) == 0 ? null : (long) random.nextInt(100)));
            }
            java.util.Map<String, Observation> expected = new java.util.LinkedHashMap<>();
            java.util.Map<String, Integer> corrections = new java.util.HashMap<>();
            java.util.Map<Long, Instant> newest = new java.util.TreeMap<>();
            for (Observation o : batch) {
                String key = o.datastreamId() + "@" + o.phenomenonTime();
                Observation cur = expected.get(key);
                if (cur == null) {
                    expected.put(key, o);
                    newest.merge(o.datastreamId(), o.phenomenonTime(), (a, b) -> a.isAfter(b) ? a : b);
                } else if (!cur.result().equals(o.result()) && (!cur.source().equals(o.source()) || cur.sourceOffset() == null
                        || o.sourceOffset() == null || o.sourceOffset() > cur.sourceOffset())) {
                    expected.put(key, o);
                    corrections.merge(key, 1, Integer::sum);
                }
            }
            ObservationRepository.Folded folded = ObservationRepository.fold(batch);
            assertEquals(expected.size(), folded.rows().size());
            int i = 0;
            for (var e : expected.entrySet()) {
                ObservationRepository.Row r = folded.rows().get(i++);
                assertEquals(e.getValue(), r.o, e.getKey());
                assertEquals(corrections.getOrDefault(e.getKey(), 0), r.corrections, e.getKey());
            }
            assertEquals(newest, folded.newest());
            assertEquals(batch.stream().allMatch(o -> o.phenomenonTime().getNano() % 1000 == 0), folded.exact());
        }
    }
}
