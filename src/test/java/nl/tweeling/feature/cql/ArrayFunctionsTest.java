package nl.tweeling.feature.cql;

import static nl.tweeling.feature.cql.CqlFixtures.assertSql;
import static nl.tweeling.feature.cql.CqlFixtures.assertTextFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.tweeling.feature.cql.CqlException.Kind;

/** Conformance class "Array Functions": A_EQUALS, A_CONTAINS, A_CONTAINEDBY, A_OVERLAPS. */
class ArrayFunctionsTest {

    private static SqlArray text(Object... values) {
        return new SqlArray("text", List.of(values));
    }

    @Test
    void eachFunctionMapsToAnArrayOperator() {
        assertSql("A_EQUALS(tags, ('monument', 'kerk'))", "t.\"tags\" = CAST(? AS text[])", text("monument", "kerk"));
        assertSql("A_CONTAINS(tags, ('monument', 'kerk'))", "t.\"tags\" @> CAST(? AS text[])",
                text("monument", "kerk"));
        assertSql("A_CONTAINEDBY(tags, ('monument', 'kerk'))", "t.\"tags\" <@ CAST(? AS text[])",
                text("monument", "kerk"));
        assertSql("A_OVERLAPS(tags, ('monument', 'kerk'))", "t.\"tags\" && CAST(? AS text[])",
                text("monument", "kerk"));
    }

    @Test
    void specExampleWithColonInPropertyName() {
        assertSql("A_CONTAINS(layer:ids, ('layers-ca', 'layers-us'))", "t.layer_ids @> CAST(? AS text[])",
                text("layers-ca", "layers-us"));
    }

    @Test
    void elementTypeComesFromTheProperty() {
        assertSql("A_OVERLAPS(codes, (1, 2, 3))", "t.\"codes\" && CAST(? AS bigint[])",
                new SqlArray("bigint", List.of(1L, 2L, 3L)));
        assertTextFails(Kind.TYPE_MISMATCH, "A_OVERLAPS(codes, (1, 2.5))", "hold integers, but an element is a number");
        assertTextFails(Kind.TYPE_MISMATCH, "A_OVERLAPS(tags, (1))", "hold strings, but an element is a number");
    }

    @Test
    void elementTypeIsInferredFromLiteralsOtherwise() {
        assertSql("A_CONTAINS(labels, (1, 2))", "t.labels @> CAST(? AS bigint[])", new SqlArray("bigint", List.of(1L, 2L)));
        assertSql("A_CONTAINS(labels, (1, 2.5))", "t.labels @> CAST(? AS numeric[])",
                new SqlArray("numeric", List.of(new BigDecimal("1"), new BigDecimal("2.5"))));
        assertSql("A_CONTAINS(labels, (DATE('2024-01-01')))", "t.labels @> CAST(? AS date[])",
                new SqlArray("date", List.of(LocalDate.of(2024, 1, 1))));
        assertSql("A_CONTAINS(labels, (TRUE))", "t.labels @> CAST(? AS boolean[])", new SqlArray("boolean", List.of(true)));
        assertSql("A_EQUALS(labels, ())", "t.labels = CAST(? AS text[])", text());
        assertTextFails(Kind.TYPE_MISMATCH, "A_CONTAINS(labels, ('a', 1))", "must all have the same type");
    }

    @Test
    void propertiesAndLiteralsOnEitherSide() {
        assertSql("A_OVERLAPS(tags, layer:ids)", "t.\"tags\" && t.layer_ids");
        assertSql("A_CONTAINEDBY(('a'), tags)", "CAST(? AS text[]) <@ t.\"tags\"", text("a"));
        assertTextFails(Kind.TYPE_MISMATCH, "A_OVERLAPS(tags, codes)", "whose elements have different types");
    }

    @Test
    void unsupportedElementsAndOperands() {
        assertTextFails(Kind.UNSUPPORTED, "A_CONTAINS(tags, (('a', 'b')))", "may only hold strings");
        assertTextFails(Kind.UNSUPPORTED, "A_CONTAINS(tags, (POINT(1 2)))", "may only hold strings");
        assertTextFails(Kind.UNSUPPORTED, "A_CONTAINS(tags, (name))", "may only hold strings");
        assertTextFails(Kind.TYPE_MISMATCH, "A_CONTAINS(name, ('a'))", "A_CONTAINS needs arrays, but got property 'name'");
        assertTextFails(Kind.TYPE_MISMATCH, "A_CONTAINS(tags, 'a')", "needs arrays, but got a string");
    }

    @Test
    void sqlArrayGivesAFreshJdbcArray() {
        SqlArray a = text("x", "y");
        assertArrayEquals(new Object[] {"x", "y"}, a.toArray());
    }
}
