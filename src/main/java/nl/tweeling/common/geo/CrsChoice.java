package nl.tweeling.common.geo;

import java.util.List;

import nl.tweeling.common.problem.TweelingException;

/**
 * The coordinate reference systems the API serves, with the facts SQL needs about each: SRID and axis
 * order. EPSG:4326 is latitude-first, as its definition says; CRS84 is longitude-first.
 */
public enum CrsChoice {

    CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, 7),
    EPSG_4326("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true, 7),
    EPSG_28992("http://www.opengis.net/def/crs/EPSG/0/28992", 28992, false, 3),
    EPSG_3857("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false, 3);

    /** Every choice's URI, CRS84 first (the default). */
    public static final List<String> URIS = List.of(CRS84.uri, EPSG_4326.uri, EPSG_28992.uri, EPSG_3857.uri);

    private final String uri;
    private final int srid;
    private final boolean latitudeFirst;
    private final int decimals;

    CrsChoice(String uri, int srid, boolean latitudeFirst, int decimals) {
        this.uri = uri;
        this.srid = srid;
        this.latitudeFirst = latitudeFirst;
        this.decimals = decimals;
    }

    public String uri() {
        return uri;
    }

    public int srid() {
        return srid;
    }

    /** True when coordinates are written latitude (northing) first. */
    public boolean latitudeFirst() {
        return latitudeFirst;
    }

    /** Decimals in output coordinates: 7 for degrees (about 1 cm), 3 for metres (1 mm). */
    public int decimals() {
        return decimals;
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
        // one parser for every CRS parameter: the CQL2 package's, whose constants have the same names
        return nl.tweeling.feature.cql.FilterCrs.fromUri(value).map(c -> valueOf(c.name()))
                .orElseThrow(() -> TweelingException.badParameter(parameter,
                        parameter + " must be one of " + String.join(", ", URIS) + "."));
    }

}
