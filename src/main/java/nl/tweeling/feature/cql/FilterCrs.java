package nl.tweeling.feature.cql;

import java.util.Locale;
import java.util.Optional;

/**
 * The coordinate reference systems a filter's geometry literals may use (the {@code filter-crs} parameter of OGC API
 * - Features Part 3), with the SRID PostGIS knows them by and whether their axis order is latitude first.
 */
public enum FilterCrs {
    /** WGS 84 longitude/latitude; the default. */
    CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, false),
    /** WGS 84 latitude/longitude: coordinates are swapped before use. */
    EPSG_4326("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true, false),
    /** Amersfoort / RD New, easting/northing. */
    EPSG_28992("http://www.opengis.net/def/crs/EPSG/0/28992", 28992, false, true),
    /** Web Mercator, easting/northing. */
    EPSG_3857("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false, true);

    private final String uri;
    private final int srid;
    private final boolean latitudeFirst;
    private final boolean projected;

    FilterCrs(String uri, int srid, boolean latitudeFirst, boolean projected) {
        this.uri = uri;
        this.srid = srid;
        this.latitudeFirst = latitudeFirst;
        this.projected = projected;
    }

    /** The OGC URI, as advertised in {@code storageCrs}/{@code crs} lists. */
    public String uri() {
        return uri;
    }

    public int srid() {
        return srid;
    }

    /** Whether literals arrive as latitude, longitude and must be flipped to PostGIS x/y order. */
    public boolean latitudeFirst() {
        return latitudeFirst;
    }

    /**
     * Whether coordinates are planar (metres on a map projection) rather than degrees: a literal's straight edge
     * in such a CRS is a curve in another projection, so literals are densified before they are transformed.
     */
    public boolean projected() {
        return projected;
    }

    /**
     * The CRS for a {@code filter-crs} value: the OGC URI (http or https), its {@code [EPSG:n]} safe CURIE, or the
     * short forms {@code EPSG:n} and {@code CRS84}, ignoring case. Empty when not supported.
     */
    public static Optional<FilterCrs> fromUri(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.toLowerCase(Locale.ROOT).startsWith("https://")) {
            v = "http://" + v.substring("https://".length());
        }
        for (FilterCrs crs : values()) {
            String code = crs == CRS84 ? "OGC:CRS84" : "EPSG:" + crs.srid;
            if (crs.uri.equalsIgnoreCase(v) || code.equalsIgnoreCase(v) || ("[" + code + "]").equalsIgnoreCase(v)
                    || crs == CRS84 && v.equalsIgnoreCase("CRS84")) {
                return Optional.of(crs);
            }
        }
        return Optional.empty();
    }
}
