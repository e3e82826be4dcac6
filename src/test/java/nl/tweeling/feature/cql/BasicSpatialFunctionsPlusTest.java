package nl.tweeling.feature.cql;

import static nl.tweeling.feature.cql.CqlFixtures.assertSql;
import static nl.tweeling.feature.cql.CqlFixtures.assertTextFails;

import org.junit.jupiter.api.Test;

import nl.tweeling.feature.cql.CqlException.Kind;

/**
 * Conformance class "Basic Spatial Functions with additional Spatial Literals": S_INTERSECTS with every WKT
 * geometry type; each literal is bound as normalised WKT.
 */
class BasicSpatialFunctionsPlusTest {

    private static final String SQL = "ST_Intersects(t.geom, ST_Transform(ST_GeomFromText(?, 4326), 28992))";

    private static void assertWkt(String literal, String wkt) {
        assertSql("S_INTERSECTS(geom, " + literal + ")", SQL, wkt);
    }

    @Test
    void lineString() {
        assertWkt("LINESTRING(6.08 52.51, 6.09 52.52, 6.10 52.515)", "LINESTRING(6.08 52.51,6.09 52.52,6.1 52.515)");
    }

    @Test
    void polygonWithHole() {
        assertWkt("POLYGON((6 52, 7 52, 7 53, 6 52), (6.5 52.2, 6.6 52.2, 6.6 52.3, 6.5 52.2))",
                "POLYGON((6 52,7 52,7 53,6 52),(6.5 52.2,6.6 52.2,6.6 52.3,6.5 52.2))");
    }

    @Test
    void multiPointInBothNotations() {
        assertWkt("MULTIPOINT((6 52), (7 53))", "MULTIPOINT((6 52),(7 53))");
        assertWkt("MULTIPOINT(6 52, 7 53)", "MULTIPOINT((6 52),(7 53))");
    }

    @Test
    void multiLineStringAndMultiPolygon() {
        assertWkt("MULTILINESTRING((6 52, 7 53), (8 54, 9 55))", "MULTILINESTRING((6 52,7 53),(8 54,9 55))");
        assertWkt("MULTIPOLYGON(((6 52, 7 52, 7 53, 6 52)), ((8 52, 9 52, 9 53, 8 52)))",
                "MULTIPOLYGON(((6 52,7 52,7 53,6 52)),((8 52,9 52,9 53,8 52)))");
    }

    @Test
    void geometryCollection() {
        assertWkt("GEOMETRYCOLLECTION(POINT(6 52), LINESTRING(6 52, 7 53))",
                "GEOMETRYCOLLECTION(POINT(6 52),LINESTRING(6 52,7 53))");
    }

    @Test
    void threeDimensionalAndLowercase() {
        assertWkt("POINT Z(6.09 52.51 4.5)", "POINT Z(6.09 52.51 4.5)");
        assertWkt("point(6.09 52.51 4.5)", "POINT Z(6.09 52.51 4.5)");
        assertWkt("linestring z (6 52 1, 7 53 2)", "LINESTRING Z(6 52 1,7 53 2)");
    }

    @Test
    void coordinatesAreNormalisedDecimals() {
        assertWkt("POINT(-6.0e0 5.25E1)", "POINT(-6 52.5)");
        assertWkt("POINT(0.00001 1)", "POINT(0.00001 1)");
    }

    @Test
    void invalidGeometriesAreRejectedBeforeSql() {
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, LINESTRING(6 52))", "at least 2 positions");
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, POLYGON((6 52, 7 52, 7 53, 6 53)))",
                "must end at its first position");
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, POLYGON((6 52, 7 52, 6 52)))", "at least 4 positions");
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, LINESTRING(6 52, 7 53 1))", "same dimension");
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, POINT EMPTY)", "EMPTY geometries are not supported");
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, POINT(6))", "expected a coordinate");
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, POINT(1e400 2))", "out of range");
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, GEOMETRYCOLLECTION(6 52))", "expected a geometry");
    }
}
