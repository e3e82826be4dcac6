package nl.tweeling.sample.generator;

/** A building to be placed: use, building type, footprint size in the buurt's local frame, and attributes. */
final class Spec {
    enum Type { ROW, SEMI, DETACHED, CENTRE_HOUSE, APARTMENT, FARM, BARN, RETAIL, SUPERMARKET, OFFICE, INDUSTRIAL,
        SCHOOL, HEALTH, OTHER }

    static final String RESIDENTIAL = "residential", OFFICE = "office", RETAIL = "retail", INDUSTRIAL = "industrial",
            EDUCATION = "education", HEALTH = "health", OTHER = "other";

    String use;
    final Type type;
    double w, d;
    int units;
    double height;
    int year;
    boolean lShape;
    /** Facility hosted by this building: "school", "gp", "supermarket" or null. */
    final String facility;

    Spec(String use, Type type, double w, double d, int units, double height, int year, boolean lShape, String facility) {
        this.use = use;
        this.type = type;
        this.w = w;
        this.d = d;
        this.units = units;
        this.height = height;
        this.year = year;
        this.lShape = lShape;
        this.facility = facility;
    }

    boolean residential() {
        return RESIDENTIAL.equals(use);
    }
}
