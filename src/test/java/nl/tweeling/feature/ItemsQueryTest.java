package nl.tweeling.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import nl.tweeling.common.problem.TweelingException;

class ItemsQueryTest {

    static TweelingException rejected(String limit, String bbox, String cursor) {
        return assertThrows(TweelingException.class, () -> ItemsQuery.parse(limit, bbox, cursor, 100, 10000));
    }

    @Test
    void defaultsWhenAbsent() {
        ItemsQuery q = ItemsQuery.parse(null, null, null, 100, 10000);
        assertEquals(100, q.limit());
        assertNull(q.bbox());
        assertNull(q.after());
    }

    @Test
    void bboxWithFourOrSixNumbers() {
        assertArrayEquals(new double[] {6.0, 52.4, 6.2, 52.6}, ItemsQuery.parse(null, "6.0,52.4,6.2,52.6", null, 100, 10000).bbox());
        assertArrayEquals(new double[] {6.0, 52.4, 6.2, 52.6}, ItemsQuery.parse(null, "6.0,52.4,-5,6.2,52.6,100", null, 100, 10000).bbox());
    }

    @Test
    void malformedValuesNameTheirParameter() {
        assertEquals("limit", rejected("0", null, null).parameter());
        assertEquals("limit", rejected("10001", null, null).parameter());
        assertEquals("limit", rejected("1e3", null, null).parameter());
        assertEquals("bbox", rejected(null, "1,2,3", null).parameter());
        assertEquals("bbox", rejected(null, "6,53,7,52", null).parameter());
        assertEquals("bbox", rejected(null, "7,52,6,53", null).parameter());
        assertEquals("bbox", rejected(null, "NaN,52,6,53", null).parameter());
        assertEquals("bbox", rejected(null, "6,-91,7,53", null).parameter());
        assertEquals("cursor", rejected(null, null, "1 OR 1=1").parameter());
        assertEquals("cursor", rejected(null, null, "Zm9vOjE").parameter());
    }

    @Test
    void cursorRoundTrips() {
        assertEquals(12345L, ItemsQuery.parse(null, null, ItemsQuery.cursorAfter(12345), 100, 10000).after());
    }

    @Test
    void wideLayersAreBuiltInChunksOfFiftyProperties() {
        var columns = new java.util.ArrayList<Layer.Column>();
        for (int i = 0; i < 120; i++) {
            columns.add(new Layer.Column("c" + i, "text"));
        }
        columns.add(new Layer.Column("it's \"odd\"", "text"));
        Layer wide = new Layer("wide", "Wide", "", "tweeling", "wide", "Point", "test", "CC0-1.0", 0, null, null, null, columns);
        String expr = FeatureRepository.propertiesExpression(wide);
        assertEquals(3, expr.split("jsonb_build_object\\(").length - 1);
        org.junit.jupiter.api.Assertions.assertTrue(expr.contains("'it''s \"odd\"', t.\"it's \"\"odd\"\"\""), expr);
    }
}
