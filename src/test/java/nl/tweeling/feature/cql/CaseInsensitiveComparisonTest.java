package nl.tweeling.feature.cql;

import static nl.tweeling.feature.cql.CqlFixtures.BUILDER;
import static nl.tweeling.feature.cql.CqlFixtures.assertSql;
import static nl.tweeling.feature.cql.CqlFixtures.assertTextFails;

import org.junit.jupiter.api.Test;

import nl.tweeling.feature.cql.CqlException.Kind;

/** Conformance classes "Case-insensitive Comparison" (CASEI) and "Accent-insensitive Comparison" (ACCENTI). */
class CaseInsensitiveComparisonTest {

    @Test
    void caseiBecomesLower() {
        assertSql("CASEI(name) = CASEI('Sassenpoort')", "lower(t.\"name\") = lower(?)", "Sassenpoort");
        assertSql("casei(name) LIKE casei('sassen%')", "lower(t.\"name\") LIKE lower(?)", "sassen%");
        assertSql("CASEI(name) IN (CASEI('Οδος'), CASEI('Straße'))", "lower(t.\"name\") IN (lower(?), lower(?))",
                "Οδος", "Straße");
    }

    @Test
    void caseiNeedsStrings() {
        assertTextFails(Kind.TYPE_MISMATCH, "CASEI(height) = CASEI('1')", "CASEI needs a string, but got property 'height'");
    }

    @Test
    void accentiIsRejectedUnlessTheServerHasUnaccent() {
        assertTextFails(Kind.UNSUPPORTED, "ACCENTI(name) = ACCENTI('Michaëlskerk')", "ACCENTI is not supported");
        assertSql(BUILDER.withUnaccent(true), "ACCENTI(name) = ACCENTI('Michaëlskerk')",
                "unaccent(t.\"name\") = unaccent(?)", "Michaëlskerk");
        assertSql(BUILDER.withUnaccent(true), "CASEI(ACCENTI(name)) LIKE CASEI(ACCENTI('michaël%'))",
                "lower(unaccent(t.\"name\")) LIKE lower(unaccent(?))", "michaël%");
    }
}
