package nl.tweeling.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.support.TestDatabase;

/**
 * Every layer table, base layers (V001, V005) and imported ones alike, has one spatial index over both geometries
 * and the unique index of its current versions.
 */
@QuarkusTest
class LayerIndexesTest {

    @Test
    void everyLayerHasOneSpatialIndexOverBothGeometries() throws Exception {
        List<String> wrong = new ArrayList<>();
        int layers = 0;
        try (Connection c = TestDatabase.connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT l.id,
                       array_agg(pg_get_indexdef(x.indexrelid) ORDER BY 1) FILTER (WHERE am.amname = 'gist') AS gist,
                       bool_or(x.indisunique AND pg_get_expr(x.indpred, x.indrelid) = '(valid_to IS NULL)') AS current_unique
                FROM tweeling.layer AS l
                JOIN pg_index AS x ON x.indrelid = format('%I.%I', l.table_schema, l.table_name)::regclass
                JOIN pg_class AS ic ON ic.oid = x.indexrelid
                JOIN pg_am AS am ON am.oid = ic.relam
                GROUP BY l.id""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                layers++;
                String[] gist = rs.getArray("gist") == null ? new String[0] : (String[]) rs.getArray("gist").getArray();
                if (gist.length != 1 || !gist[0].endsWith("USING gist (geom, geom_crs84)") || !rs.getBoolean("current_unique")) {
                    wrong.add(rs.getString("id") + ": " + String.join("; ", gist));
                }
            }
        }
        assertTrue(layers >= 8, "the base layers at least: " + layers);
        assertEquals(List.of(), wrong);
    }
}
