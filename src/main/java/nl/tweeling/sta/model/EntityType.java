package nl.tweeling.sta.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The eight SensorThings entity types as views on the Tweeling model (V001, V008): which table, which column is the
 * @iot.id, how each property is read and how the types relate. There are no MultiDatastreams: the model has none.
 * Every SQL text here is a constant; request input only ever selects among them.
 */
public enum EntityType {
    THING("Things", "Thing", "tweeling.thing", "{a}.id"),
    LOCATION("Locations", "Location", "tweeling.location", "{a}.id"),
    HISTORICAL_LOCATION("HistoricalLocations", "HistoricalLocation", "tweeling.historical_location", "{a}.id"),
    DATASTREAM("Datastreams", "Datastream", "tweeling.datastream", "{a}.id"),
    SENSOR("Sensors", "Sensor", "tweeling.sensor", "{a}.id"),
    OBSERVED_PROPERTY("ObservedProperties", "ObservedProperty", "tweeling.observed_property", "{a}.sta_id"),
    OBSERVATION("Observations", "Observation", "tweeling.observation", "{a}.id"),
    FEATURE_OF_INTEREST("FeaturesOfInterest", "FeatureOfInterest", "tweeling.feature_of_interest", "{a}.id");

    private final String setName;
    private final String singular;
    private final String table;
    private final String id;

    EntityType(String setName, String singular, String table, String id) {
        this.setName = setName;
        this.singular = singular;
        this.table = table;
        this.id = id;
    }

    /** The entity set's name, e.g. {@code Things}. */
    public String setName() {
        return setName;
    }

    public String singular() {
        return singular;
    }

    /** The table (schema-qualified). */
    public String table() {
        return table;
    }

    /** The @iot.id expression for the alias. */
    public String id(String alias) {
        return id.replace("{a}", alias);
    }

    public static Optional<EntityType> bySetName(String name) {
        for (EntityType t : values()) {
            if (t.setName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The properties in the order they are written (without the id). */
    public List<StaProperty> properties() {
        return Model.PROPERTIES.get(this);
    }

    public Optional<StaProperty> property(String name) {
        return properties().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The navigation properties in the order they are written. */
    public List<Relation> relations() {
        return Model.RELATIONS.get(this);
    }

    public Optional<Relation> relation(String name) {
        return relations().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The property definitions, kept apart so the enum's constants can refer to each other. */
    static final class Model {

        static final String OM = "http://www.opengis.net/def/observationType/OGC-OM/2.0/";

        static final Map<EntityType, List<StaProperty>> PROPERTIES = new LinkedHashMap<>();
        static final Map<EntityType, List<Relation>> RELATIONS = new LinkedHashMap<>();

        /**
         * The feature of interest an observation {@code {o}} observed: its own, or the location its thing was at
         * then (the historical location in force at the phenomenon time: the last one at or before it, or the
         * thing's first one for an earlier time; of several locations, the lowest id). The same periods as the view
         * {@code thing_location_period}, found by the index on (thing_id, time) instead of numbering all of a
         * table's historical locations again for every observation.
         */
        static final String FOI_OF = "coalesce({o}.feature_of_interest_id, (SELECT sta_f.id"
                + " FROM tweeling.datastream AS sta_d"
                + " CROSS JOIN LATERAL (SELECT coalesce("
                + "(SELECT sta_h.id FROM tweeling.historical_location AS sta_h WHERE sta_h.thing_id = sta_d.thing_id"
                + " AND sta_h.time <= {o}.phenomenon_time ORDER BY sta_h.time DESC, sta_h.id DESC LIMIT 1),"
                + " (SELECT sta_h.id FROM tweeling.historical_location AS sta_h WHERE sta_h.thing_id = sta_d.thing_id"
                + " ORDER BY sta_h.time, sta_h.id LIMIT 1)) AS id) AS sta_at"
                + " JOIN tweeling.historical_location_location AS sta_hl ON sta_hl.historical_location_id = sta_at.id"
                + " JOIN tweeling.feature_of_interest AS sta_f ON sta_f.location_id = sta_hl.location_id"
                + " WHERE sta_d.id = {o}.datastream_id"
                + " ORDER BY sta_hl.location_id LIMIT 1))";

        static String iso(String t) {
            return "to_char(" + t + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
        }

        static StaProperty text(String name, String column) {
            return new StaProperty(name, PropertyType.STRING, "{a}." + column, null, "to_jsonb({a}." + column + ")", true);
        }

        static StaProperty json(String name, String column, boolean notNull) {
            return new StaProperty(name, PropertyType.JSON, "{a}." + column, null, "{a}." + column, notNull);
        }

        static StaProperty geometry(String name, String sql) {
            return new StaProperty(name, PropertyType.GEOMETRY, sql, null,
                    "ST_AsGeoJSON(ST_Transform(" + sql + ", 4326), 7)::jsonb", false);
        }

        /** A geometry written out as the client sent it ({@code {a}.geom_crs84}, V013) when it was, else transformed. */
        static StaProperty sentGeometry(String name) {
            return new StaProperty(name, PropertyType.GEOMETRY, "{a}.geom", null,
                    "ST_AsGeoJSON(coalesce({a}.geom_crs84, ST_Transform({a}.geom, 4326)), 7)::jsonb", false);
        }

        static StaProperty time(String name, String sql, boolean notNull) {
            return new StaProperty(name, PropertyType.TIME, sql, null, "to_jsonb(" + iso(sql) + ")", notNull);
        }

        static StaProperty interval(String name, String lower, String upper) {
            return new StaProperty(name, PropertyType.INTERVAL, lower, upper,
                    "CASE WHEN " + lower + " IS NULL THEN NULL ELSE to_jsonb(" + iso(lower) + " || '/' || "
                            + iso("coalesce(" + upper + ", " + lower + ")") + ") END", false);
        }

        static Relation one(String name, EntityType target, String cond) {
            return new Relation(name, target, false, cond, null);
        }

        static Relation many(String name, EntityType target, String cond, String childFk) {
            return new Relation(name, target, true, cond, childFk);
        }

        static {
            PROPERTIES.put(THING, List.of(text("name", "name"), text("description", "description"),
                    json("properties", "properties", true)));
            PROPERTIES.put(LOCATION, List.of(text("name", "name"), text("description", "description"),
                    text("encodingType", "encoding_type"), sentGeometry("location"),
                    json("properties", "properties", true)));
            PROPERTIES.put(HISTORICAL_LOCATION, List.of(time("time", "{a}.time", true)));
            String unit = "(SELECT jsonb_build_object('name', coalesce({a}.unit_name, sta_op.unit_name),"
                    + " 'symbol', coalesce({a}.unit_symbol, sta_op.unit_symbol), 'definition', {a}.unit_definition)"
                    + " FROM tweeling.observed_property AS sta_op WHERE sta_op.id = {a}.observed_property)";
            PROPERTIES.put(DATASTREAM, List.of(text("name", "name"), text("description", "description"),
                    new StaProperty("unitOfMeasurement", PropertyType.JSON, unit, null, unit, true),
                    new StaProperty("observationType", PropertyType.STRING,
                            "CASE WHEN {a}.observation_type LIKE 'http%' THEN {a}.observation_type ELSE '" + OM
                                    + "' || {a}.observation_type END", null,
                            "to_jsonb(CASE WHEN {a}.observation_type LIKE 'http%' THEN {a}.observation_type ELSE '" + OM
                                    + "' || {a}.observation_type END)", true),
                    geometry("observedArea", "coalesce({a}.observed_area, {a}.geom,"
                            + " (SELECT sta_t.geom FROM tweeling.thing AS sta_t WHERE sta_t.id = {a}.thing_id))"),
                    interval("phenomenonTime",
                            "(SELECT min(sta_o.phenomenon_time) FROM tweeling.observation AS sta_o WHERE sta_o.datastream_id = {a}.id)",
                            "(SELECT max(sta_o.phenomenon_time) FROM tweeling.observation AS sta_o WHERE sta_o.datastream_id = {a}.id)"),
                    new StaProperty("resultTime", PropertyType.INTERVAL, "CAST(NULL AS timestamptz)", "CAST(NULL AS timestamptz)",
                            "CAST(NULL AS jsonb)", false),
                    json("properties", "properties", true)));
            PROPERTIES.put(SENSOR, List.of(text("name", "name"), text("description", "description"),
                    text("encodingType", "encoding_type"), text("metadata", "metadata"),
                    json("properties", "properties", true)));
            PROPERTIES.put(OBSERVED_PROPERTY, List.of(text("name", "name"),
                    new StaProperty("definition", PropertyType.STRING, "coalesce({a}.definition, '')", null,
                            "to_jsonb(coalesce({a}.definition, ''))", true),
                    text("description", "description"), json("properties", "properties", true)));
            PROPERTIES.put(OBSERVATION, List.of(
                    new StaProperty("phenomenonTime", PropertyType.TIME, "{a}.phenomenon_time", null,
                            "to_jsonb(CASE WHEN {a}.phenomenon_time_end IS NULL THEN " + iso("{a}.phenomenon_time")
                                    + " ELSE " + iso("{a}.phenomenon_time") + " || '/' || " + iso("{a}.phenomenon_time_end")
                                    + " END)", true),
                    time("resultTime", "{a}.result_time", false),
                    new StaProperty("result", PropertyType.RESULT, "coalesce(to_jsonb({a}.result), {a}.result_json)", null,
                            "coalesce(to_jsonb({a}.result), {a}.result_json)", false),
                    new StaProperty("resultQuality", PropertyType.STRING, "{a}.quality", null, "to_jsonb({a}.quality)", false),
                    interval("validTime", "lower({a}.valid_time)", "upper({a}.valid_time)"),
                    json("parameters", "parameters", false)));
            PROPERTIES.put(FEATURE_OF_INTEREST, List.of(text("name", "name"), text("description", "description"),
                    text("encodingType", "encoding_type"), sentGeometry("feature"),
                    json("properties", "properties", true)));

            RELATIONS.put(THING, List.of(
                    many("Locations", LOCATION, "EXISTS (SELECT 1 FROM tweeling.thing_location AS sta_tl"
                            + " WHERE sta_tl.thing_id = {p}.id AND sta_tl.location_id = {c}.id)", null),
                    many("HistoricalLocations", HISTORICAL_LOCATION, "{c}.thing_id = {p}.id", "thing_id"),
                    many("Datastreams", DATASTREAM, "{c}.thing_id = {p}.id", "thing_id")));
            RELATIONS.put(LOCATION, List.of(
                    many("Things", THING, "EXISTS (SELECT 1 FROM tweeling.thing_location AS sta_tl"
                            + " WHERE sta_tl.location_id = {p}.id AND sta_tl.thing_id = {c}.id)", null),
                    many("HistoricalLocations", HISTORICAL_LOCATION, "EXISTS (SELECT 1"
                            + " FROM tweeling.historical_location_location AS sta_hl"
                            + " WHERE sta_hl.location_id = {p}.id AND sta_hl.historical_location_id = {c}.id)", null)));
            RELATIONS.put(HISTORICAL_LOCATION, List.of(
                    one("Thing", THING, "{c}.id = {p}.thing_id"),
                    many("Locations", LOCATION, "EXISTS (SELECT 1 FROM tweeling.historical_location_location AS sta_hl"
                            + " WHERE sta_hl.historical_location_id = {p}.id AND sta_hl.location_id = {c}.id)", null)));
            RELATIONS.put(DATASTREAM, List.of(
                    one("Thing", THING, "{c}.id = {p}.thing_id"),
                    one("Sensor", SENSOR, "{c}.id = {p}.sensor_id"),
                    one("ObservedProperty", OBSERVED_PROPERTY, "{c}.id = {p}.observed_property"),
                    many("Observations", OBSERVATION, "{c}.datastream_id = {p}.id", "datastream_id")));
            RELATIONS.put(SENSOR, List.of(
                    many("Datastreams", DATASTREAM, "{c}.sensor_id = {p}.id", "sensor_id")));
            RELATIONS.put(OBSERVED_PROPERTY, List.of(
                    many("Datastreams", DATASTREAM, "{c}.observed_property = {p}.id", null)));
            RELATIONS.put(OBSERVATION, List.of(
                    one("Datastream", DATASTREAM, "{c}.id = {p}.datastream_id"),
                    one("FeatureOfInterest", FEATURE_OF_INTEREST, "{c}.id = " + FOI_OF.replace("{o}", "{p}"))));
            // the observations of one known feature: those naming it (a partial index, V013), and those of the
            // datastreams whose thing was ever at its location (the key's index) that observed it then
            String observationsOfFeature = "({c}.feature_of_interest_id = {id} OR ({c}.feature_of_interest_id IS NULL"
                    + " AND {c}.datastream_id = ANY (ARRAY(SELECT sta_d.id FROM tweeling.feature_of_interest AS sta_f"
                    + " JOIN tweeling.historical_location_location AS sta_hl ON sta_hl.location_id = sta_f.location_id"
                    + " JOIN tweeling.historical_location AS sta_h ON sta_h.id = sta_hl.historical_location_id"
                    + " JOIN tweeling.datastream AS sta_d ON sta_d.thing_id = sta_h.thing_id"
                    + " WHERE sta_f.id = {id}))"
                    + " AND " + FOI_OF.replace("{o}", "{c}") + " = {id}))";
            RELATIONS.put(FEATURE_OF_INTEREST, List.of(
                    new Relation("Observations", OBSERVATION, true, "({c}.feature_of_interest_id = {p}.id"
                            + " OR ({c}.feature_of_interest_id IS NULL AND EXISTS (SELECT 1"
                            + " FROM tweeling.thing_location_period AS sta_p"
                            + " JOIN tweeling.datastream AS sta_d ON sta_d.thing_id = sta_p.thing_id"
                            + " WHERE sta_p.location_id = {p}.location_id AND sta_d.id = {c}.datastream_id"
                            + " AND sta_p.valid @> {c}.phenomenon_time)))", null, observationsOfFeature)));
        }

        private Model() {
        }
    }
}
