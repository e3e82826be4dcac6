package nl.tweeling.feature.api;

import java.util.List;

/**
 * The conformance classes Tweeling declares at {@code GET /conformance}: the one list, so the conformance
 * page, the tests and {@code docs/conformance.md} cannot drift apart. Each URI is the one its standard
 * defines: OGC API – Features Part 1 (OGC 17-069r4), Part 2 (OGC 18-058r1), Part 3 (OGC 19-079r2),
 * Part 4 (draft OGC 20-002: Create, Replace, Update and Delete), CQL2 (OGC 21-065r2), OGC API – Tiles Part 1
 * (OGC 20-057), OGC API – Processes Part 1 (OGC 18-062r2) and the draft OGC API – Styles (OGC 20-009).
 */
public final class Conformance {

    private static final String FEATURES_1 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/";
    private static final String FEATURES_2 = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/";
    private static final String FEATURES_3 = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/";
    private static final String FEATURES_4 = "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/";
    private static final String CQL2 = "http://www.opengis.net/spec/cql2/1.0/conf/";
    private static final String TILES_1 = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/";
    private static final String PROCESSES_1 = "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/";
    private static final String STYLES = "http://www.opengis.net/spec/ogcapi-styles-1/1.0/conf/";

    // --- OGC API – Features – Part 1: Core ---
    public static final String CORE = FEATURES_1 + "core";
    public static final String OAS30 = FEATURES_1 + "oas30";
    public static final String GEOJSON = FEATURES_1 + "geojson";
    public static final String HTML = FEATURES_1 + "html";

    // --- Part 2: Coordinate Reference Systems by Reference ---
    public static final String CRS = FEATURES_2 + "crs";

    // --- Part 3: Filtering ---
    public static final String QUERYABLES = FEATURES_3 + "queryables";
    public static final String QUERYABLES_QUERY_PARAMETERS = FEATURES_3 + "queryables-query-parameters";
    public static final String FILTER = FEATURES_3 + "filter";
    public static final String FEATURES_FILTER = FEATURES_3 + "features-filter";

    // --- Part 4: Create, Replace, Update and Delete (draft OGC 20-002) ---
    public static final String CREATE_REPLACE_DELETE = FEATURES_4 + "create-replace-delete";
    public static final String UPDATE = FEATURES_4 + "update";
    public static final String OPTIMISTIC_LOCKING_ETAGS = FEATURES_4 + "optimistic-locking-etags";
    public static final String FEATURES_4_FEATURES = FEATURES_4 + "features";

    // --- Common Query Language (CQL2) ---
    public static final String BASIC_CQL2 = CQL2 + "basic-cql2";
    public static final String ADVANCED_COMPARISON_OPERATORS = CQL2 + "advanced-comparison-operators";
    public static final String BASIC_SPATIAL_FUNCTIONS = CQL2 + "basic-spatial-functions";
    public static final String BASIC_SPATIAL_FUNCTIONS_PLUS = CQL2 + "basic-spatial-functions-plus";
    public static final String SPATIAL_FUNCTIONS = CQL2 + "spatial-functions";
    public static final String TEMPORAL_FUNCTIONS = CQL2 + "temporal-functions";
    public static final String ARRAY_FUNCTIONS = CQL2 + "array-functions";
    public static final String PROPERTY_PROPERTY = CQL2 + "property-property";
    public static final String CQL2_TEXT = CQL2 + "cql2-text";
    public static final String CQL2_JSON = CQL2 + "cql2-json";

    // --- OGC API – Tiles – Part 1: Core (OGC 20-057) ---
    public static final String TILES_CORE = TILES_1 + "core";
    public static final String TILES_TILESET = TILES_1 + "tileset";
    public static final String TILES_TILESETS_LIST = TILES_1 + "tilesets-list";
    public static final String TILES_GEODATA_TILESETS = TILES_1 + "geodata-tilesets";
    public static final String TILES_DATASET_TILESETS = TILES_1 + "dataset-tilesets";
    public static final String TILES_MVT = TILES_1 + "mvt";
    public static final String TILES_OAS30 = TILES_1 + "oas30";
    // --- OGC API – Styles (draft 20-009; the class URIs of its clause 7 example) ---
    public static final String STYLES_CORE = STYLES + "core";
    public static final String STYLES_MAPBOX = STYLES + "mapbox-styles";
    public static final String STYLES_HTML = STYLES + "html";

    // --- OGC API – Processes – Part 1: Core (OGC 18-062r2) ---
    public static final String PROCESSES_CORE = PROCESSES_1 + "core";
    public static final String PROCESSES_DESCRIPTION = PROCESSES_1 + "ogc-process-description";
    public static final String PROCESSES_JSON = PROCESSES_1 + "json";
    public static final String PROCESSES_HTML = PROCESSES_1 + "html";
    public static final String PROCESSES_JOB_LIST = PROCESSES_1 + "job-list";
    public static final String PROCESSES_DISMISS = PROCESSES_1 + "dismiss";

    /** Every class Tweeling declares, grouped by standard, in the order {@code /conformance} lists them. */
    public static final List<String> DECLARED = List.of(
            CORE, OAS30, GEOJSON, HTML,
            CRS,
            QUERYABLES, QUERYABLES_QUERY_PARAMETERS, FILTER, FEATURES_FILTER,
            CREATE_REPLACE_DELETE, UPDATE, OPTIMISTIC_LOCKING_ETAGS, FEATURES_4_FEATURES,
            BASIC_CQL2, ADVANCED_COMPARISON_OPERATORS, BASIC_SPATIAL_FUNCTIONS, BASIC_SPATIAL_FUNCTIONS_PLUS,
            SPATIAL_FUNCTIONS, TEMPORAL_FUNCTIONS, PROPERTY_PROPERTY, CQL2_TEXT, CQL2_JSON,
            TILES_CORE, TILES_TILESET, TILES_TILESETS_LIST, TILES_GEODATA_TILESETS, TILES_DATASET_TILESETS, TILES_MVT,
            TILES_OAS30,
            STYLES_CORE, STYLES_MAPBOX, STYLES_HTML,
            PROCESSES_CORE, PROCESSES_DESCRIPTION, PROCESSES_JSON, PROCESSES_HTML, PROCESSES_JOB_LIST,
            PROCESSES_DISMISS);

    private Conformance() {
    }
}
