package nl.tweeling.common.geo;

/** The coordinate reference systems Tweeling stores and serves. */
public final class Crs {

    /** Storage CRS: Amersfoort / RD New. */
    public static final int RD_NEW = 28992;
    /** WGS 84 (lat/lon axis order when named as EPSG:4326). */
    public static final int WGS84 = 4326;
    /** Web Mercator. */
    public static final int WEB_MERCATOR = 3857;

    public static final String CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    private Crs() {
    }
}
