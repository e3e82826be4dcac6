package nl.tweeling.feature.cql;

import static nl.tweeling.feature.cql.CqlFixtures.BUILDER;
import static nl.tweeling.feature.cql.CqlFixtures.assertSql;
import static nl.tweeling.feature.cql.CqlFixtures.assertTextFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import nl.tweeling.feature.cql.CqlException.Kind;

/**
 * Conformance class "Basic Spatial Functions": S_INTERSECTS with POINT and BBOX literals, in every supported filter
 * CRS. The stored column is never transformed; literals are transformed to the storage SRID.
 */
class BasicSpatialFunctionsTest {

    @Test
    void pointInCrs84IsTransformedToStorage() {
        assertSql("S_INTERSECTS(geom, POINT(6.0944 52.5125))",
                "ST_Intersects(t.geom, ST_Transform(ST_GeomFromText(?, 4326), 28992))", "POINT(6.0944 52.5125)");
    }

    @Test
    void bboxInCrs84() {
        assertSql("S_INTERSECTS(geom, BBOX(6.08, 52.50, 6.11, 52.53))",
                "ST_Intersects(t.geom, ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 4326), 28992))",
                6.08, 52.5, 6.11, 52.53);
    }

    @Test
    void sixNumberBboxDropsHeights() {
        assertSql("S_INTERSECTS(geom, BBOX(6.08, 52.50, -10, 6.11, 52.53, 100))",
                "ST_Intersects(t.geom, ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 4326), 28992))",
                6.08, 52.5, 6.11, 52.53);
    }

    @Test
    void epsg4326IsLatitudeFirstAndFlipped() {
        CqlSqlBuilder b = BUILDER.withFilterCrs(FilterCrs.EPSG_4326);
        assertSql(b, "S_INTERSECTS(geom, POINT(52.5125 6.0944))",
                "ST_Intersects(t.geom, ST_Transform(ST_FlipCoordinates(ST_GeomFromText(?, 4326)), 28992))",
                "POINT(52.5125 6.0944)");
        assertSql(b, "S_INTERSECTS(geom, BBOX(52.50, 6.08, 52.53, 6.11))",
                "ST_Intersects(t.geom, ST_Transform(ST_FlipCoordinates(ST_MakeEnvelope(?, ?, ?, ?, 4326)), 28992))",
                52.5, 6.08, 52.53, 6.11);
    }

    @Test
    void rdNewNeedsNoTransform() {
        CqlSqlBuilder b = BUILDER.withFilterCrs(FilterCrs.EPSG_28992);
        assertSql(b, "S_INTERSECTS(geom, POINT(203000 503000))", "ST_Intersects(t.geom, ST_GeomFromText(?, 28992))",
                "POINT(203000 503000)");
        assertSql(b, "S_INTERSECTS(geom, BBOX(202000, 502000, 204000, 504000))",
                "ST_Intersects(t.geom, ST_MakeEnvelope(?, ?, ?, ?, 28992))", 202000.0, 502000.0, 204000.0, 504000.0);
    }

    @Test
    void webMercator() {
        assertSql(BUILDER.withFilterCrs(FilterCrs.EPSG_3857), "S_INTERSECTS(geom, POINT(678400.5 6890000))",
                "ST_Intersects(t.geom, ST_Transform(ST_GeomFromText(?, 3857), 28992))", "POINT(678400.5 6890000)");
    }

    @Test
    void webMercatorEdgesAreDensifiedBeforeTheTransform() {
        CqlSqlBuilder b = BUILDER.withFilterCrs(FilterCrs.EPSG_3857);
        // 25,600 m wide, 10,000 m high: 256 segments along the width
        assertSql(b, "S_INTERSECTS(geom, POLYGON((665000 6880000, 690600 6880000, 690600 6890000, 665000 6880000)))",
                "ST_Intersects(t.geom, ST_Transform(ST_Segmentize(ST_GeomFromText(?, 3857), ?), 28992))",
                "POLYGON((665000 6880000,690600 6880000,690600 6890000,665000 6880000))", 100.0);
        assertSql(b, "S_CROSSES(geom, LINESTRING(678000 6880000, 678000 6892800))",
                "ST_Crosses(t.geom, ST_Transform(ST_Segmentize(ST_GeomFromText(?, 3857), ?), 28992))",
                "LINESTRING(678000 6880000,678000 6892800)", 50.0);
        assertSql(b, "S_INTERSECTS(geom, BBOX(665000, 6880000, 690600, 6890000))",
                "ST_Intersects(t.geom, ST_Transform(ST_Segmentize(ST_MakeEnvelope(?, ?, ?, ?, 3857), ?), 28992))",
                665000.0, 6880000.0, 690600.0, 6890000.0, 100.0);
        // a collection's span covers its lines only; tiny literals get segments of at least 1 cm
        assertSql(b, "S_INTERSECTS(geom, GEOMETRYCOLLECTION(POINT(0 0), LINESTRING(678000 6880000, 678001 6880000)))",
                "ST_Intersects(t.geom, ST_Transform(ST_Segmentize(ST_GeomFromText(?, 3857), ?), 28992))",
                "GEOMETRYCOLLECTION(POINT(0 0),LINESTRING(678000 6880000,678001 6880000))", 0.01);
        // no edges: nothing to densify
        assertSql(b, "S_INTERSECTS(geom, MULTIPOINT((678000 6880000), (690000 6890000)))",
                "ST_Intersects(t.geom, ST_Transform(ST_GeomFromText(?, 3857), 28992))",
                "MULTIPOINT((678000 6880000),(690000 6890000))");
    }

    @Test
    void literalsInDegreesOrInTheStorageCrsAreNotDensified() {
        assertSql(BUILDER, "S_INTERSECTS(geom, POLYGON((6.08 52.50, 6.11 52.50, 6.11 52.52, 6.08 52.50)))",
                "ST_Intersects(t.geom, ST_Transform(ST_GeomFromText(?, 4326), 28992))",
                "POLYGON((6.08 52.5,6.11 52.5,6.11 52.52,6.08 52.5))");
        assertSql(BUILDER.withFilterCrs(FilterCrs.EPSG_28992), "S_INTERSECTS(geom, LINESTRING(202000 502000, 204000 504000))",
                "ST_Intersects(t.geom, ST_GeomFromText(?, 28992))", "LINESTRING(202000 502000,204000 504000)");
    }

    @Test
    void storageSridIsConfigurable() {
        assertSql(BUILDER.withStorageSrid(4326), "S_INTERSECTS(geom, POINT(6 52))",
                "ST_Intersects(t.geom, ST_GeomFromText(?, 4326))", "POINT(6 52)");
    }

    @Test
    void filterCrsFromUri() {
        assertEquals(Optional.of(FilterCrs.CRS84), FilterCrs.fromUri("http://www.opengis.net/def/crs/OGC/1.3/CRS84"));
        assertEquals(Optional.of(FilterCrs.EPSG_4326), FilterCrs.fromUri("https://www.opengis.net/def/crs/EPSG/0/4326"));
        assertEquals(Optional.of(FilterCrs.EPSG_28992), FilterCrs.fromUri("[EPSG:28992]"));
        assertEquals(Optional.of(FilterCrs.EPSG_3857), FilterCrs.fromUri("epsg:3857"));
        assertEquals(Optional.empty(), FilterCrs.fromUri("http://www.opengis.net/def/crs/EPSG/0/32631"));
        assertEquals(Optional.empty(), FilterCrs.fromUri(null));
    }

    @Test
    void invalidBoxes() {
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, BBOX(1, 2, 3))", "BBOX takes 4 or 6 numbers");
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, BBOX(170, 2, -170, 3))", "antimeridian");
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom, BBOX(1, 5, 3, 4))", "must not exceed the fourth");
    }

    @Test
    void argumentsMustBeGeometries() {
        assertTextFails(Kind.TYPE_MISMATCH, "S_INTERSECTS(name, POINT(1 2))",
                "S_INTERSECTS (first argument) needs a geometry, but got property 'name' (a string)");
        assertTextFails(Kind.TYPE_MISMATCH, "S_INTERSECTS(geom, 'POINT(1 2)')", "needs a geometry, but got a string");
        assertTextFails(Kind.SYNTAX, "S_INTERSECTS(geom)", "S_INTERSECTS takes two arguments");
    }
}
