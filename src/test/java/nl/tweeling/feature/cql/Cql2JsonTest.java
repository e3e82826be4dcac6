package nl.tweeling.feature.cql;

import static nl.tweeling.feature.cql.CqlFixtures.assertFails;
import static nl.tweeling.feature.cql.CqlFixtures.assertJsonSql;
import static nl.tweeling.feature.cql.CqlFixtures.json;
import static nl.tweeling.feature.cql.CqlFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.tweeling.feature.cql.CqlException.Kind;

/** CQL2 JSON: the same filters as CQL2 text give the same AST, SQL and parameters; JSON errors carry a path. */
class Cql2JsonTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "name = 'Sassenpoort' | {\"op\": \"=\", \"args\": [{\"property\": \"name\"}, \"Sassenpoort\"]}",
            "height >= 12.5 | {\"op\": \">=\", \"args\": [{\"property\": \"height\"}, 12.5]}",
            "height < 1 | {\"op\": \"<\", \"args\": [{\"property\": \"height\"}, 1]}",
            "active = TRUE | {\"op\": \"=\", \"args\": [{\"property\": \"active\"}, true]}",
            "active | {\"property\": \"active\"}",
            "FALSE | false",
            "name IS NULL | {\"op\": \"isNull\", \"args\": [{\"property\": \"name\"}]}",
            "NOT name LIKE 'Sassen%' | {\"op\": \"not\", \"args\": [{\"op\": \"like\", \"args\": [{\"property\": \"name\"}, \"Sassen%\"]}]}",
            "height BETWEEN 10 AND 20.5 | {\"op\": \"between\", \"args\": [{\"property\": \"height\"}, 10, 20.5]}",
            "floors IN (1, 2, 3) | {\"op\": \"in\", \"args\": [{\"property\": \"floors\"}, [1, 2, 3]]}",
            "name = 'a' AND (height > 1 OR NOT active) | {\"op\": \"and\", \"args\": [{\"op\": \"=\", \"args\": [{\"property\": \"name\"}, \"a\"]}, {\"op\": \"or\", \"args\": [{\"op\": \">\", \"args\": [{\"property\": \"height\"}, 1]}, {\"op\": \"not\", \"args\": [{\"property\": \"active\"}]}]}]}",
            "built = DATE('1850-01-01') | {\"op\": \"=\", \"args\": [{\"property\": \"built\"}, {\"date\": \"1850-01-01\"}]}",
            "updated > TIMESTAMP('2024-05-01T12:00:00Z') | {\"op\": \">\", \"args\": [{\"property\": \"updated\"}, {\"timestamp\": \"2024-05-01T12:00:00Z\"}]}",
            "T_INTERSECTS(valid, INTERVAL('2024-01-01T00:00:00Z', '..')) | {\"op\": \"t_intersects\", \"args\": [{\"property\": \"valid\"}, {\"interval\": [\"2024-01-01T00:00:00Z\", \"..\"]}]}",
            "T_DURING(INTERVAL(start_time, end_time), INTERVAL('2024-01-01', '2024-02-01')) | {\"op\": \"t_during\", \"args\": [{\"interval\": [{\"property\": \"start_time\"}, {\"property\": \"end_time\"}]}, {\"interval\": [\"2024-01-01\", \"2024-02-01\"]}]}",
            "S_INTERSECTS(geom, POINT(6.0944 52.5125)) | {\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"}, {\"type\": \"Point\", \"coordinates\": [6.0944, 52.5125]}]}",
            "S_WITHIN(geom, POLYGON((6 52, 7 52, 7 53, 6 52))) | {\"op\": \"s_within\", \"args\": [{\"property\": \"geom\"}, {\"type\": \"Polygon\", \"coordinates\": [[[6, 52], [7, 52], [7, 53], [6, 52]]]}]}",
            "S_CROSSES(geom, LINESTRING(6 52 1, 7 53 2)) | {\"op\": \"s_crosses\", \"args\": [{\"property\": \"geom\"}, {\"type\": \"LineString\", \"coordinates\": [[6, 52, 1], [7, 53, 2]]}]}",
            "S_INTERSECTS(geom, MULTIPOINT((6 52), (7 53))) | {\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"}, {\"type\": \"MultiPoint\", \"coordinates\": [[6, 52], [7, 53]]}]}",
            "S_INTERSECTS(geom, MULTILINESTRING((6 52, 7 53))) | {\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"}, {\"type\": \"MultiLineString\", \"coordinates\": [[[6, 52], [7, 53]]]}]}",
            "S_INTERSECTS(geom, MULTIPOLYGON(((6 52, 7 52, 7 53, 6 52)))) | {\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"}, {\"type\": \"MultiPolygon\", \"coordinates\": [[[[6, 52], [7, 52], [7, 53], [6, 52]]]]}]}",
            "S_INTERSECTS(geom, GEOMETRYCOLLECTION(POINT(6 52), LINESTRING(6 52, 7 53))) | {\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"}, {\"type\": \"GeometryCollection\", \"geometries\": [{\"type\": \"Point\", \"coordinates\": [6, 52]}, {\"type\": \"LineString\", \"coordinates\": [[6, 52], [7, 53]]}]}]}",
            "S_INTERSECTS(geom, BBOX(6.08, 52.5, 6.11, 52.53)) | {\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"}, {\"bbox\": [6.08, 52.5, 6.11, 52.53]}]}",
            "A_CONTAINS(tags, ('monument', 'kerk')) | {\"op\": \"a_contains\", \"args\": [{\"property\": \"tags\"}, [\"monument\", \"kerk\"]]}",
            "CASEI(name) = CASEI('Sassenpoort') | {\"op\": \"=\", \"args\": [{\"op\": \"casei\", \"args\": [{\"property\": \"name\"}]}, {\"casei\": \"Sassenpoort\"}]}",
            "height > roof_height | {\"op\": \">\", \"args\": [{\"property\": \"height\"}, {\"property\": \"roof_height\"}]}"})
    void sameFilterSameAstAndSql(String cql2Text, String cql2Json) {
        assertEquals(Cql2Text.parse(cql2Text), Cql2Json.parse(cql2Json));
        assertEquals(text(cql2Text), json(cql2Json));
    }

    @Test
    void operatorNamesAreCaseInsensitiveAndGeoJsonBboxMemberIsIgnored() {
        assertJsonSql("{\"op\": \"S_INTERSECTS\", \"args\": [{\"property\": \"geom\"},"
                + " {\"type\": \"Point\", \"coordinates\": [6, 52], \"bbox\": [6, 52, 6, 52]}]}",
                "ST_Intersects(t.geom, ST_Transform(ST_GeomFromText(?, 4326), 28992))", "POINT(6 52)");
    }

    @Test
    void likeWithCaseiPattern() {
        assertJsonSql("{\"op\": \"like\", \"args\": [{\"op\": \"casei\", \"args\": [{\"property\": \"name\"}]},"
                + " {\"op\": \"casei\", \"args\": [\"sassen%\"]}]}", "lower(t.\"name\") LIKE lower(?)", "sassen%");
    }

    @Test
    void errorsCarryTheJsonPath() {
        assertFails(Kind.SYNTAX, () -> json("{\"op\": \"=\", \"args\": [{\"property\": \"name\"}]}"),
                "\"=\" takes 2 arguments, not 1 at $.args");
        assertFails(Kind.UNKNOWN_FUNCTION, () -> json("{\"op\": \"foo\", \"args\": []}"), "unknown function 'foo' at $");
        assertFails(Kind.UNKNOWN_FUNCTION,
                () -> json("{\"op\": \"=\", \"args\": [{\"property\": \"name\"}, {\"op\": \"upper\", \"args\": [\"x\"]}]}"),
                "unknown function 'upper' at $.args[1]");
        assertFails(Kind.SYNTAX, () -> json("{\"op\": \"=\", \"args\": [{\"property\": \"name\"}, null]}"),
                "null is not a value", "at $.args[1]");
        assertFails(Kind.SYNTAX,
                () -> json("{\"op\": \"=\", \"args\": [{\"property\": \"name\"}, \"x\"], \"extra\": 1}"),
                "unexpected member 'extra' at $");
        assertFails(Kind.SYNTAX, () -> json("{\"op\": \"and\", \"args\": [true]}"),
                "\"and\" needs at least two arguments at $.args");
        assertFails(Kind.SYNTAX, () -> json("{\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"},"
                + " {\"type\": \"Point\", \"coordinates\": [1]}]}"),
                "a position must be an array of 2 or 3 numbers at $.args[1].coordinates");
        assertFails(Kind.SYNTAX, () -> json("{\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"},"
                + " {\"type\": \"Polygon\", \"coordinates\": [[[6, 52], [7, 52], [7, 53], [6, 53]]]}]}"),
                "a polygon ring must end at its first position at $.args[1].coordinates");
        assertFails(Kind.SYNTAX, () -> json("{\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"},"
                + " {\"type\": \"Feature\", \"geometry\": null}]}"), "unsupported GeoJSON geometry type 'Feature' at $.args[1].type");
        assertFails(Kind.SYNTAX, () -> json("{\"op\": \"t_after\", \"args\": [{\"property\": \"updated\"},"
                + " {\"timestamp\": \"yesterday\"}]}"), "at $.args[1].timestamp");
        assertFails(Kind.SYNTAX, () -> json("{\"op\": \"t_after\", \"args\": [{\"property\": \"updated\"},"
                + " {\"interval\": [\"2024-01-01\"]}]}"), "\"interval\" must be an array of two ends at $.args[1].interval");
        assertFails(Kind.SYNTAX, () -> json("{\"op\": \"in\", \"args\": [{\"property\": \"name\"}, \"a\"]}"),
                "must be a non-empty array at $.args[1]");
        assertFails(Kind.SYNTAX, () -> json("{\"op\": \"=\", \"args\": [{\"op\": \"s_intersects\", \"args\": []}, 1]}"),
                "is a condition and cannot be used as a value at $.args[0]");
        assertFails(Kind.SYNTAX, () -> json("\"name\""), "expected a condition", "at $");
        assertFails(Kind.UNSUPPORTED, () -> json("{\"op\": \">\", \"args\": [{\"op\": \"+\", \"args\": [1, 2]}, 1]}"),
                "arithmetic expressions are not supported at $.args[0]");
    }

    @Test
    void unknownPropertyIsNamed() {
        CqlException e = assertFails(Kind.UNKNOWN_PROPERTY,
                () -> json("{\"op\": \"=\", \"args\": [{\"property\": \"colour\"}, \"red\"]}"), "unknown property 'colour'");
        assertEquals(null, e.jsonPath());
    }

    @Test
    void malformedJson() {
        CqlException e = assertFails(Kind.SYNTAX, () -> json("{\"op\": \"=\", \"args\": [1, }"),
                "the filter is not valid JSON at position 24");
        assertEquals(24, e.position());
        assertFails(Kind.SYNTAX, () -> json("{\"op\": \"=\", \"op\": \"<\", \"args\": [1, 2]}"), "not valid JSON");
        assertFails(Kind.SYNTAX, () -> json("true false"), "unexpected content after the JSON filter at position 5");
        assertFails(Kind.SYNTAX, () -> json(""), "the filter is empty");
        assertFails(Kind.SYNTAX, () -> json("   "), "the filter is empty");
        assertFails(Kind.SYNTAX, () -> json(null), "the filter is empty");
    }

    @Test
    void deepNestingIsBounded() {
        String deep = "{\"op\": \"not\", \"args\": [".repeat(150) + "true" + "]}".repeat(150);
        assertFails(Kind.TOO_COMPLEX, () -> json(deep), "nested too deeply");
        String deeper = "[".repeat(100_000) + "]".repeat(100_000);
        assertFails(Kind.TOO_COMPLEX, () -> json(deeper), "nested too deeply");
        String ok = "{\"op\": \"not\", \"args\": [".repeat(90) + "true" + "]}".repeat(90);
        assertEquals("TRUE", json(ok).sql());
    }
}
