package nl.tweeling.common.geo;

import java.util.List;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.cql.FilterCrs;

/**
 * The coordinate reference systems the API serves. The facts SQL needs about each (URI, SRID, axis order:
 * EPSG:4326 is latitude-first, as its definition says; CRS84 is longitude-first) are those of
 * {@link FilterCrs}, the same four; this adds the precision of output coordinates.
 */
public enum CrsChoice {

    CRS84(FilterCrs.CRS84),
    EPSG_4326(FilterCrs.EPSG_4326),
    EPSG_28992(FilterCrs.EPSG_28992),
    EPSG_3857(FilterCrs.EPSG_3857);

    /** Every choice's URI, CRS84 first (the default). */
    public static final List<String> URIS = List.of(CRS84.uri(), EPSG_4326.uri(), EPSG_28992.uri(), EPSG_3857.uri());

    private final FilterCrs crs;

    CrsChoice(FilterCrs crs) {
        this.crs = crs;
    }

    public String uri() {
        return crs.uri();
    }

    public int srid() {
        return crs.srid();
    }

    /** True when coordinates are written latitude (northing) first. */
    public boolean latitudeFirst() {
        return crs.latitudeFirst();
    }

    /** Decimals in output coordinates: 7 for degrees (about 1 cm), 3 for metres of a projection (1 mm). */
    public int decimals() {
        return crs.projected() ? 3 : 7;
    }

    /**
     * Parses a CRS given by URI ({@code http://www.opengis.net/def/crs/EPSG/0/28992}), safe CURIE
     * ({@code [EPSG:28992]}) or short code ({@code EPSG:28992}); null or blank gives CRS84. Anything else is a
     * 400 naming {@code parameter}.
     */
    public static CrsChoice parse(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return CRS84;
        }
        // one parser for every CRS parameter: the CQL2 package's
        return FilterCrs.fromUri(value).map(c -> valueOf(c.name()))
                .orElseThrow(() -> TweelingException.badParameter(parameter,
                        parameter + " must be one of " + String.join(", ", URIS) + "."));
    }
}
