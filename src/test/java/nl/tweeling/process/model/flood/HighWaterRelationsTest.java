package nl.tweeling.process.model.flood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.process.model.ModelContext;
import nl.tweeling.process.model.ResultLayer;
import nl.tweeling.support.TestDatabase;

/**
 * The model reads every layer through the relation its context gives, so a scenario's relation changes what it
 * computes: with the Zwarte Water's low section (ZW-07, 5.4 m) raised to 6 m in a relation of the dikes — as a
 * scenario that raises the dike would give it — the city stays dry at 5.5 m, where the baseline floods. Runs the
 * model directly on a context of this test's own (result layers in temporary tables, rolled back), on the sample.
 */
@QuarkusTest
class HighWaterRelationsTest {

    /** A ModelContext over one connection: relations from a map (else the baseline), layers as temporary tables. */
    static final class TestContext implements ModelContext {
        final Connection c;
        final Map<String, String> relations;
        final Map<String, Map<String, Double>> figures = new TreeMap<>();
        final List<Integer> progress = new ArrayList<>();
        final Map<String, String> tables = new HashMap<>();

        TestContext(Connection c, Map<String, String> relations) {
            this.c = c;
            this.relations = relations;
        }

        @Override
        public UUID jobId() {
            return UUID.randomUUID();
        }

        @Override
        public Connection connection() {
            return c;
        }

        @Override
        public String relation(String layerId) {
            return relations.getOrDefault(layerId,
                    "(SELECT * FROM \"tweeling\".\"" + layerId + "\" WHERE valid_to IS NULL)");
        }

        @Override
        public String scenario() {
            return null;
        }

        @Override
        public Long revision() {
            return null;
        }

        @Override
        public OffsetDateTime dataTime() {
            return OffsetDateTime.now();
        }

        @Override
        public void progress(int percent, String message) {
            progress.add(percent);
        }

        @Override
        public void checkCancelled() {
        }

        @Override
        public ResultLayer createLayer(String name, String title, String description, String geometryType,
                List<ResultLayer.Column> columns) {
            String table = "flood_test_" + name;
            StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE " + table + " (feature_id text");
            List<String> names = new ArrayList<>();
            for (ResultLayer.Column col : columns) {
                ddl.append(", ").append(col.name()).append(' ').append(col.type().sql());
                names.add(col.name());
            }
            ddl.append(", geom geometry) ON COMMIT DROP");
            try (Statement st = c.createStatement()) {
                st.execute(ddl.toString());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            tables.put(name, table);
            return new ResultLayer() {
                @Override
                public String id() {
                    return table;
                }

                @Override
                public String table() {
                    return table;
                }

                @Override
                public void add(String featureId, Map<String, Object> properties, Geometry geometry) {
                    String sql = "INSERT INTO " + table + " (feature_id, " + String.join(", ", names)
                            + ", geom) VALUES (?" + ", ?".repeat(names.size()) + ", ST_GeomFromWKB(?, 28992))";
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, featureId);
                        for (int i = 0; i < names.size(); i++) {
                            ps.setObject(i + 2, properties.get(names.get(i)));
                        }
                        ps.setBytes(names.size() + 2, new WKBWriter().write(geometry));
                        ps.executeUpdate();
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        }

        @Override
        public void figure(String buurtCode, String figureId, double value) {
            figures.computeIfAbsent(figureId, k -> new TreeMap<>()).put(buurtCode, value);
        }
    }

    static HighWater.Result run(Map<String, String> relations, double level) throws Exception {
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            try {
                TestContext ctx = new TestContext(c, relations);
                HighWater model = new HighWater();
                HighWater.Result r = model.run(model.parseInputs(Map.of("level", level)), ctx);
                assertEquals(r.residents(), ctx.figures.get("residents_affected").values().stream()
                        .mapToDouble(Double::doubleValue).sum(), 0.5, "per-buurt residents add up");
                assertEquals((long) r.buildings(), count(c, ctx.tables.get("buildings")));
                assertEquals((long) r.addresses(), count(c, ctx.tables.get("addresses")));
                for (int i = 1; i < ctx.progress.size(); i++) {
                    assertTrue(ctx.progress.get(i) >= ctx.progress.get(i - 1), "progress never goes back");
                }
                return r;
            } finally {
                c.rollback();
            }
        }
    }

    static long count(Connection c, String table) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRaisedDikeInTheRelationKeepsTheCityDry() throws Exception {
        HighWater.Result baseline = run(Map.of(), 5.5);
        assertTrue(baseline.overtopped().contains("ZW-07"), baseline.overtopped().toString());
        assertTrue(baseline.buildings() > 1_000, "over the low section at 5.5 m: " + baseline.buildings());
        String raised = "(SELECT fid, feature_id, name, section, kind,"
                + " CASE WHEN section = 'ZW-07' THEN 6.0::real ELSE crest_m END AS crest_m,"
                + " geom, geom_crs84, valid_from, valid_to, content_hash, source, source_run, source_id, fetched_at,"
                + " ingested_at FROM tweeling.dikes WHERE valid_to IS NULL)";
        HighWater.Result scenario = run(Map.of("dikes", raised), 5.5);
        assertEquals(List.of("KD-01"), scenario.overtopped(), "only the inner Kanaaldijk (5.2 m) lies below 5.5 m");
        assertEquals(0, scenario.buildings(), "with ZW-07 at 6 m every outer dike holds at 5.5 m");
        assertEquals(0L, scenario.residents());
    }

    @Test
    void theSameInputsOverTheSameDataGiveTheSameResult() throws Exception {
        HighWater.Result a = run(Map.of(), 5.5);
        HighWater.Result b = run(Map.of(), 5.5);
        assertEquals(a.floodedCells(), b.floodedCells());
        assertEquals(a.residentsPerBuurt(), b.residentsPerBuurt());
        assertEquals(a.buildings(), b.buildings());
    }
}
