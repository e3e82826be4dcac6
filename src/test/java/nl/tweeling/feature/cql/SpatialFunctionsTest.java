package nl.tweeling.feature.cql;

import static nl.tweeling.feature.cql.CqlFixtures.assertSql;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Conformance class "Spatial Functions": all eight DE-9IM functions map to their PostGIS counterparts. */
class SpatialFunctionsTest {

    @ParameterizedTest
    @EnumSource(SpatialFunction.class)
    void eachFunctionMapsToPostgis(SpatialFunction fn) {
        assertSql(fn.name() + "(geom, POLYGON((6 52, 7 52, 7 53, 6 52)))",
                fn.postgis() + "(t.geom, ST_Transform(ST_GeomFromText(?, 4326), 28992))",
                "POLYGON((6 52,7 52,7 53,6 52))");
    }

    @ParameterizedTest
    @EnumSource(SpatialFunction.class)
    void functionNamesAreCaseInsensitive(SpatialFunction fn) {
        assertSql(fn.name().toLowerCase() + "(BBOX(6, 52, 7, 53), geom)",
                fn.postgis() + "(ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 4326), 28992), t.geom)", 6.0, 52.0, 7.0, 53.0);
    }
}
