package nl.tweeling.sta.model;

/** What an entity property holds, which decides how filters compare it and how it is written. */
public enum PropertyType {
    /** The numeric @iot.id. */
    ID,
    STRING,
    NUMBER,
    /** An instant (timestamptz). */
    TIME,
    /** A time interval: a lower and an upper instant (either may be null). */
    INTERVAL,
    /** A geometry, stored in EPSG:28992, written as GeoJSON in CRS84. */
    GEOMETRY,
    /** A JSON value (properties, parameters, unitOfMeasurement). */
    JSON,
    /** An observation's result: a number (the numeric column) or any other JSON value. */
    RESULT
}
