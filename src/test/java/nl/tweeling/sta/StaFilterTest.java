package nl.tweeling.sta;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import nl.tweeling.sta.filter.Expr;
import nl.tweeling.sta.filter.ExprParser;
import nl.tweeling.sta.filter.FilterException;
import nl.tweeling.sta.filter.FilterSql;
import nl.tweeling.sta.filter.Sql;
import nl.tweeling.sta.model.EntityType;
import nl.tweeling.support.TestDatabase;

/**
 * SensorThings conformance class "filtering": the OData $filter parser on its own (trees and errors with their
 * positions, the SQL with every literal bound), then each family of operators and functions against rows the
 * test makes, through the API.
 */
@QuarkusTest
class StaFilterTest {

    static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    // ------------------------------------------------------------------ parser

    @Test
    void precedenceAndTrees() {
        Expr e = ExprParser.parse("a eq 1 or b eq 2 and not c eq 3");
        Expr.Binary or = (Expr.Binary) e;
        assertEquals("or", or.op());
        assertEquals("and", ((Expr.Binary) or.right()).op());
        Expr.Binary arith = (Expr.Binary) ExprParser.parse("result add 2 mul 3 gt -4");
        assertEquals("gt", arith.op());
        assertEquals("add", ((Expr.Binary) arith.left()).op());
        assertEquals(new java.math.BigDecimal("-4"), ((Expr.Literal) arith.right()).value());
        Expr.Binary path = (Expr.Binary) ExprParser.parse("Datastream/ObservedProperty/name eq 'it''s'");
        assertEquals(List.of("Datastream", "ObservedProperty", "name"), ((Expr.Path) path.left()).segments());
        assertEquals("it's", ((Expr.Literal) path.right()).value());
        Expr.Call geo = (Expr.Call) ExprParser.parse("geo.intersects(location, geography'POINT(6.1 52.5)')");
        assertEquals("geo.intersects", geo.name());
        assertEquals(Expr.LiteralKind.GEOMETRY, ((Expr.Literal) geo.args().get(1)).kind());
        Expr.Binary time = (Expr.Binary) ExprParser.parse("phenomenonTime ge 2026-04-01T00:00:00+02:00");
        assertEquals(Expr.LiteralKind.DATETIME, ((Expr.Literal) time.right()).kind());
        assertEquals(2, ExprParser.parseOrderBy("result desc, phenomenonTime").size());
    }

    @Test
    void errorsNameThePosition() {
        FilterException e = assertThrows(FilterException.class, () -> ExprParser.parse("name eq 'x' and"));
        assertEquals(16, e.position());
        e = assertThrows(FilterException.class, () -> ExprParser.parse("name eq 'open"));
        assertEquals(9, e.position());
        e = assertThrows(FilterException.class, () -> ExprParser.parse("name eq 1 2"));
        assertEquals(11, e.position());
        e = assertThrows(FilterException.class, () -> ExprParser.parse("(name eq 1"));
        assertTrue(e.getMessage().contains("')'"), e.getMessage());
        assertThrows(FilterException.class, () -> ExprParser.parse("name # 1"));
        assertThrows(FilterException.class, () -> ExprParser.parse("(".repeat(200) + "1" + ")".repeat(200)));
        FilterSql sql = new FilterSql(EntityType.THING, "e", "f");
        e = assertThrows(FilterException.class, () -> sql.condition(ExprParser.parse("colour eq 'red'")));
        assertTrue(e.getMessage().contains("unknown property 'colour'"), e.getMessage());
        assertThrows(FilterException.class, () -> sql.condition(ExprParser.parse("name eq 1")));
        assertThrows(FilterException.class, () -> sql.condition(ExprParser.parse("frobnicate(name)")));
        assertThrows(FilterException.class, () -> new FilterSql(EntityType.LOCATION, "e", "f")
                .condition(ExprParser.parse("geo.intersects(location, geography'POINT(6.1)')")));
    }

    @Test
    void everyLiteralIsBound() {
        Sql sql = new FilterSql(EntityType.OBSERVATION, "e", "f").condition(ExprParser.parse(
                "Datastream/ObservedProperty/name eq 'x''; DROP TABLE y' and result gt 5 and phenomenonTime lt 2026-01-01T00:00:00Z"));
        assertTrue(!sql.text().contains("DROP"), sql.text());
        assertEquals(3, sql.params().size());
        assertEquals("x'; DROP TABLE y", sql.params().get(0));
        assertTrue(sql.text().contains("e.result > ?"), sql.text());
        Sql many = new FilterSql(EntityType.DATASTREAM, "e", "f").condition(ExprParser.parse("Thing/Locations/name eq 'a'"));
        assertTrue(many.text().startsWith("e.thing_id IN (SELECT f1.id FROM tweeling.thing AS f1, tweeling.location AS f2"
                + " WHERE EXISTS (SELECT 1 FROM tweeling.thing_location"), many.text());
        Sql down = new FilterSql(EntityType.THING, "e", "f").condition(ExprParser.parse("Datastreams/name eq 'a'"));
        assertTrue(down.text().startsWith("EXISTS (SELECT 1 FROM tweeling.datastream AS f1 WHERE f1.thing_id = e.id"), down.text());
        // a to-one path from the observation by its key finds the datastreams once and reads their observations by
        // the key's index, also under OR (an EXISTS there is tested on every observation of the table)
        Sql one = new FilterSql(EntityType.OBSERVATION, "e", "f").condition(ExprParser.parse("Datastream/name eq 'a'"));
        assertEquals("e.datastream_id IN (SELECT f1.id FROM tweeling.datastream AS f1 WHERE ((f1.name = ?)))", one.text());
        Sql either = new FilterSql(EntityType.OBSERVATION, "e", "f").condition(ExprParser.parse(
                "Datastream/id eq 1 or Datastream/Thing/name eq 'b'"));
        assertEquals("((e.datastream_id = ?) OR e.datastream_id = ANY (ARRAY(SELECT f2.id FROM tweeling.datastream AS f2,"
                + " tweeling.thing AS f3 WHERE f3.id = f2.thing_id AND ((f3.name = ?)))))", either.text());
        // as one of the ANDed terms, a semi-join the planner sizes from the datastreams' statistics
        Sql and = new FilterSql(EntityType.OBSERVATION, "e", "f").condition(ExprParser.parse(
                "Datastream/Thing/name eq 'b' and result gt 1"));
        assertEquals("(e.datastream_id IN (SELECT f1.id FROM tweeling.datastream AS f1, tweeling.thing AS f2"
                + " WHERE f2.id = f1.thing_id AND ((f2.name = ?))) AND (e.result > ?))", and.text());
        // an ObservedProperty's SensorThings id is not the datastream's key column: joined
        Sql property = new FilterSql(EntityType.DATASTREAM, "e", "f").condition(ExprParser.parse("ObservedProperty/id eq 3"));
        assertTrue(property.text().contains("f1.sta_id = ?"), property.text());
        // a condition that also names the observation itself stays an EXISTS
        Sql mixed = new FilterSql(EntityType.OBSERVATION, "e", "f").condition(ExprParser.parse("Datastream/name eq resultQuality"));
        assertTrue(mixed.text().startsWith("EXISTS (SELECT 1 FROM tweeling.datastream AS f1 WHERE f1.id = e.datastream_id"),
                mixed.text());
    }

    // ------------------------------------------------------------------ against rows

    private static String ids(String path, String filter) {
        return given().queryParam("$filter", filter).queryParam("$select", "id").get("/sta/v1.1/" + path)
                .then().statusCode(200).extract().jsonPath().getList("value.'@iot.id'").toString();
    }

    @Test
    void comparisonLogicalAndArithmetic() {
        StaFixture f = new StaFixture("NO2", 204000, 504000, T0, 10);
        String obs = "Datastreams(" + f.datastream + ")/Observations";
        assertEquals("[" + f.observation(8) + ", " + f.observation(9) + "]", ids(obs, "result gt 7"));
        assertEquals("[" + f.observation(7) + "]", ids(obs, "result ge 7 and result lt 8"));
        assertEquals("[" + f.observation(0) + ", " + f.observation(9) + "]", ids(obs, "result eq 0 or result eq 9"));
        assertEquals("[" + f.observation(0) + "]", ids(obs, "not (result ne 0)"));
        assertEquals("[" + f.observation(4) + "]", ids(obs, "result add 1 eq 5"));
        assertEquals("[" + f.observation(4) + "]", ids(obs, "result sub 1 eq 3"));
        assertEquals("[" + f.observation(3) + "]", ids(obs, "result mul 2 eq 6"));
        assertEquals("[" + f.observation(6) + "]", ids(obs, "result div 2 eq 3"));
        assertEquals("[" + f.observation(1) + ", " + f.observation(4) + ", " + f.observation(7) + "]", ids(obs, "result mod 3 eq 1"));
        // division by zero is no error: nothing matches
        assertEquals("[]", ids(obs, "result div 0 eq 1"));
        assertEquals("[" + f.observation(2) + "]", ids(obs, "phenomenonTime eq 2026-04-01T02:00:00Z"));
        assertEquals("[" + f.observation(0) + "]", ids(obs, "phenomenonTime lt 2026-04-01T02:00:00+01:00"));
        assertEquals("[]", ids(obs, "resultTime ne null"));
        assertEquals(10, given().queryParam("$filter", "resultTime eq null").queryParam("$count", "true")
                .get("/sta/v1.1/" + obs).then().statusCode(200).extract().jsonPath().getInt("'@iot.count'"));
    }

    @Test
    void stringFunctions() {
        StaFixture f = new StaFixture("PM10", 204100, 504100, T0, 0);
        String me = "[" + f.thing + "]";
        String tag = f.tag;
        assertEquals(me, ids("Things", "name eq 'Thing " + tag + "'"));
        assertEquals(me, ids("Things", "substringof('" + tag + "', name)"));
        assertEquals(me, ids("Things", "contains(name, '" + tag + "')"));
        assertEquals(me, ids("Things", "startswith(name, 'Thing ') and endswith(name, '" + tag + "')"));
        assertEquals(me, ids("Things", "endswith(name, '" + tag + "') and length(name) eq 14"));
        assertEquals(me, ids("Things", "endswith(name, '" + tag + "') and indexof(name, '" + tag + "') eq 6"));
        assertEquals(me, ids("Things", "substring(name, 6) eq '" + tag + "'"));
        assertEquals(me, ids("Things", "substring(name, 6, 3) eq '" + tag.substring(0, 3) + "' and endswith(name, '" + tag + "')"));
        assertEquals(me, ids("Things", "tolower(name) eq 'thing " + tag.toLowerCase() + "'"));
        assertEquals(me, ids("Things", "toupper(name) eq 'THING " + tag.toUpperCase() + "'"));
        assertEquals(me, ids("Things", "trim(concat(' ', name)) eq 'Thing " + tag + "'"));
        assertEquals(me, ids("Things", "concat(concat(name, '-'), description) eq 'Thing " + tag + "-a test thing'"));
        // JSON members of properties
        assertEquals(me, ids("Things", "properties/tag eq '" + tag + "'"));
        assertEquals(me, ids("Things", "properties/tag eq '" + tag + "' and properties/floor gt 2"));
        assertEquals("[]", ids("Things", "properties/tag eq '" + tag + "' and properties/floor gt 3"));
    }

    @Test
    void dateTimeAndMathFunctions() {
        StaFixture f = new StaFixture("NO2", 204200, 504200, Instant.parse("2026-04-01T22:30:15.250Z"), 3);
        String obs = "Datastreams(" + f.datastream + ")/Observations";
        assertEquals("[" + f.observation(2) + "]", ids(obs, "day(phenomenonTime) eq 2"));
        assertEquals("[" + f.observation(0) + ", " + f.observation(1) + "]", ids(obs, "month(phenomenonTime) eq 4 and day(phenomenonTime) eq 1"));
        assertEquals("[" + f.observation(1) + "]", ids(obs, "hour(phenomenonTime) eq 23"));
        assertEquals(3, ids(obs, "year(phenomenonTime) eq 2026 and minute(phenomenonTime) eq 30 and second(phenomenonTime) eq 15").split(",").length);
        assertEquals(3, ids(obs, "fractionalseconds(phenomenonTime) eq 0.25").split(",").length);
        assertEquals("[" + f.observation(2) + "]", ids(obs, "date(phenomenonTime) eq 2026-04-02"));
        assertEquals("[" + f.observation(0) + "]", ids(obs, "time(phenomenonTime) eq 22:30:15.25"));
        assertEquals(3, ids(obs, "totaloffsetminutes(phenomenonTime) eq 0 and phenomenonTime lt now()").split(",").length);
        assertEquals(3, ids(obs, "phenomenonTime gt mindatetime() and phenomenonTime lt maxdatetime()").split(",").length);
        assertEquals("[" + f.datastream + "]", ids("Things(" + f.thing + ")/Datastreams",
                "mindatetime(phenomenonTime) eq 2026-04-01T22:30:15.250Z and maxdatetime(phenomenonTime) eq 2026-04-02T00:30:15.250Z"));
        assertEquals("[" + f.datastream + "]", ids("Things(" + f.thing + ")/Datastreams", "phenomenonTime gt 2026-04-01T00:00:00Z"));
        assertEquals("[]", ids("Things(" + f.thing + ")/Datastreams", "phenomenonTime lt 2026-04-02T00:00:00Z"));
        assertEquals("[" + f.observation(1) + "]", ids(obs, "round(result div 3 add 0.2) eq 1 and floor(result div 2) eq 0"));
        assertEquals("[" + f.observation(1) + ", " + f.observation(2) + "]", ids(obs, "ceiling(result div 2) eq 1"));
    }

    @Test
    void spatialFunctionsTransformTheLiteral() {
        // RD 204500 504500 is about 6.1146 E, 52.5262 N
        StaFixture f = new StaFixture("NO2", 204500, 504500, T0, 1);
        String near = "geography'POLYGON((6.110 52.522, 6.120 52.522, 6.120 52.530, 6.110 52.530, 6.110 52.522))'";
        String me = "[" + f.location + "]";
        String point = "geography'POINT(" + nl.tweeling.support.TestDatabase.scalar("SELECT ST_X(ST_Transform(geom, 4326)) || ' '"
                + " || ST_Y(ST_Transform(geom, 4326)) FROM tweeling.location WHERE id = ?", f.location) + ")'";
        String mine = "substringof('" + f.tag + "', name) and ";
        assertEquals(me, ids("Locations", mine + "geo.intersects(location, " + near + ")"));
        assertEquals(me, ids("Locations", mine + "st_within(location, " + near + ")"));
        assertEquals(me, ids("Locations", mine + "st_intersects(location, " + near + ")"));
        assertEquals("[]", ids("Locations", mine + "st_contains(location, " + near + ")"));
        assertEquals(me, ids("Locations", mine + "st_disjoint(location, geography'POINT(5 51)')"));
        assertEquals("[]", ids("Locations", mine + "st_crosses(location, " + near + ")"));
        assertEquals("[]", ids("Locations", mine + "st_overlaps(location, " + near + ")"));
        assertEquals("[]", ids("Locations", mine + "st_touches(location, " + near + ")"));
        assertEquals(me, ids("Locations", mine + "st_relate(location, " + near + ", 'T*F**F***')"));
        assertEquals(me, ids("Locations", mine + "geo.distance(location, " + point + ") lt 0.01"));
        assertEquals("[]", ids("Locations", mine + "geo.distance(location, " + point + ") gt 0.01"));
        assertEquals(me, ids("Locations", mine + "geo.length(location) eq 0"));
        assertEquals(me, ids("Locations", mine + "st_equals(location, location)"));
        assertEquals("[]", ids("Locations", mine + "geo.distance(location, geography'POINT(6.1146 52.5262)') gt 5000"));
        assertEquals("[" + f.featureOfInterest() + "]", ids("FeaturesOfInterest", mine + "st_within(feature, " + near + ")"));
        given().queryParam("$filter", "st_relate(location, " + near + ", 'nonsense')").get("/sta/v1.1/Locations")
                .then().statusCode(400);
    }

    @Test
    void pathsThroughNavigation() {
        StaFixture f = new StaFixture("water_level", 204600, 504600, T0, 2);
        String mine = "Datastream/Thing/properties/tag eq '" + f.tag + "'";
        assertEquals("[" + f.observation(0) + ", " + f.observation(1) + "]",
                ids("Observations", mine + " and Datastream/ObservedProperty/name eq 'Water level relative to NAP'"));
        assertEquals("[]", ids("Observations", mine + " and Datastream/ObservedProperty/name eq 'NO2'"));
        assertEquals("[" + f.datastream + "]", ids("Datastreams", "Thing/Locations/name eq 'Thing " + f.tag + "'"));
        assertEquals("[" + f.thing + "]", ids("Things", "Datastreams/Observations/result eq 1 and Datastreams/name eq 'Datastream " + f.tag + "'"));
        assertEquals("[" + f.thing + "]", ids("Things", "Datastreams/Thing/id eq " + f.thing));
        assertEquals("[" + f.observation(1) + "]", ids("Observations", mine + " and FeatureOfInterest/id eq " + f.featureOfInterest()
                + " and result eq 1"));
        given().queryParam("$orderby", "Thing/Locations/name").get("/sta/v1.1/Datastreams").then().statusCode(400);
        given().queryParam("$orderby", "Thing/name desc").queryParam("$top", 1).get("/sta/v1.1/Datastreams").then().statusCode(200);
    }

    @Test
    void orAndNotThroughNavigation() {
        StaFixture a = new StaFixture("NO2", 204700, 504700, T0, 2);
        StaFixture b = new StaFixture("NO2", 204710, 504710, T0, 1);
        String both = "Datastream/id eq " + a.datastream + " or Datastream/Thing/properties/tag eq '" + b.tag + "'";
        given().queryParam("$filter", both).queryParam("$orderby", "id").queryParam("$select", "id").get("/sta/v1.1/Observations")
                .then().statusCode(200).body("value.'@iot.id'", org.hamcrest.Matchers.contains((int) a.observation(0),
                        (int) a.observation(1), (int) b.observation(0)));
        assertEquals("[" + a.observation(1) + "]", ids("Datastreams(" + a.datastream + ")/Observations",
                "not (Datastream/id eq " + b.datastream + ") and result eq 1"));
        assertEquals("[]", ids("Datastreams(" + a.datastream + ")/Observations", "not (Datastream/id eq " + a.datastream + ")"));
    }

    /**
     * A thing that moved: its observations before the move observed the feature of its first place, the later ones
     * that of the second, both ways (an observation's feature; a feature's observations, also in $filter).
     */
    @Test
    void aMovedThingsObservationsBelongToTheFeatureOfItsPlaceThen() {
        StaFixture f = new StaFixture("NO2", 204800, 504800, T0, 6);
        long first = f.featureOfInterest();
        TestDatabase.update("UPDATE tweeling.historical_location SET time = ? WHERE thing_id = ?",
                java.sql.Timestamp.from(T0.minusSeconds(3600)), f.thing);
        long place = ((Number) TestDatabase.scalar("INSERT INTO tweeling.location (name, geom, source) VALUES (?,"
                + " ST_SetSRID(ST_MakePoint(204900, 504900), 28992), 'test') RETURNING id", "Second place " + f.tag)).longValue();
        long moved = ((Number) TestDatabase.scalar("INSERT INTO tweeling.historical_location (thing_id, time) VALUES (?, ?)"
                + " RETURNING id", f.thing, java.sql.Timestamp.from(T0.plusSeconds(3 * 3600)))).longValue();
        TestDatabase.update("INSERT INTO tweeling.historical_location_location (historical_location_id, location_id) VALUES (?, ?)",
                moved, place);
        long second = TestDatabase.count("SELECT id FROM tweeling.feature_of_interest WHERE location_id = ?", place);
        assertEquals("[" + f.observation(0) + ", " + f.observation(1) + ", " + f.observation(2) + "]",
                ids("FeaturesOfInterest(" + first + ")/Observations", "true"));
        assertEquals("[" + f.observation(3) + ", " + f.observation(4) + ", " + f.observation(5) + "]",
                ids("FeaturesOfInterest(" + second + ")/Observations", "true"));
        given().get("/sta/v1.1/Observations(" + f.observation(2) + ")/FeatureOfInterest").then().statusCode(200)
                .body("'@iot.id'", equalTo((int) first));
        given().get("/sta/v1.1/Observations(" + f.observation(3) + ")/FeatureOfInterest").then().statusCode(200)
                .body("'@iot.id'", equalTo((int) second));
        assertEquals("[" + f.observation(4) + "]", ids("Datastreams(" + f.datastream + ")/Observations",
                "FeatureOfInterest/id eq " + second + " and result eq 4"));
        assertEquals("[]", ids("Datastreams(" + f.datastream + ")/Observations",
                "FeatureOfInterest/id eq " + first + " and result eq 4"));
    }

    @Test
    void badFiltersAreProblemsNamingThePosition() {
        given().queryParam("$filter", "name eq 'x' and").get("/sta/v1.1/Things").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("character 16")).body("detail", startsWith("$filter"));
        given().queryParam("$filter", "nope eq 1").get("/sta/v1.1/Things").then().statusCode(400)
                .body("detail", containsString("unknown property 'nope'"));
        given().queryParam("$filter", "properties/floor eq 'high' and length(name) gt 'x'").get("/sta/v1.1/Things")
                .then().statusCode(400);
        given().queryParam("$filter", "geo.intersects(location, geography'LINESTRING(1 2')").get("/sta/v1.1/Locations")
                .then().statusCode(400).body("detail", containsString("WKT"));
        given().queryParam("$filter", "substring(name, 99999999999) eq 'x'").get("/sta/v1.1/Things")
                .then().statusCode(400);
        given().queryParam("$filter", "result eq 1").get("/sta/v1.1/Things").then().statusCode(400);
        given().queryParam("$filter", "name").get("/sta/v1.1/Things").then().statusCode(400)
                .body("detail", containsString("not a condition"));
        given().queryParam("$filter", "true").queryParam("$top", 1).get("/sta/v1.1/Things").then().statusCode(200)
                .body("value.size()", equalTo(1));
    }
}
