package nl.tweeling.sta.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.ingest.DatastreamCatalog;
import nl.tweeling.ingest.IngestService;
import nl.tweeling.ingest.InvalidObservationException;
import nl.tweeling.ingest.Observation;
import nl.tweeling.ingest.ObservationMessage;
import nl.tweeling.ingest.ObservationRepository;
import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.push.CommittedPublisher;
import nl.tweeling.sensor.ServiceArea;
import nl.tweeling.sta.model.EntityType;
import nl.tweeling.sta.write.StaWriteRepository.Typed;

/**
 * SensorThings create, update and delete (docs/sensors.md, "Creating entities"): POST on entity sets and on
 * navigation collections ({@code Things(1)/Datastreams}) with deep insert and links ({@code {"@iot.id": n}}),
 * PATCH (JSON merge of the members given), DELETE with the standard's cascades, and CreateObservations.
 * <p>
 * One request is one database transaction: a deep insert is stored whole or not at all. Observations take the
 * ingest pipeline's way in: {@link IngestService#validate} (the same checks as every transport) and its idempotent
 * write ({@link IngestService#write(Connection, List, String)}: an observation posted twice is stored once, a
 * different result for the same datastream and phenomenonTime is a correction); after the commit what was
 * stored goes to the change topic ({@link CommittedPublisher}), so live streams and MQTT see it as they see
 * everything else. Locations are checked against the service area ({@link ServiceArea}): under {@code reject}
 * one outside is a 422 and nothing is stored; under {@code flag} it is stored with
 * {@code properties.serviceArea = "outside"} and the answer says so ({@link Outcome#serviceArea()}).
 */
@ApplicationScoped
public class StaWriteService {

    private static final Logger LOG = Logger.getLogger(StaWriteService.class);

    /** The property a Location outside the service area is flagged with (policy flag). */
    public static final String FLAG = "serviceArea";

    private static final Pattern ENTITY = Pattern.compile("([A-Za-z]+)\\((\\d{1,40})\\)");
    private static final Pattern SET = Pattern.compile("[A-Za-z]+");

    /** The member of a new child that links it to the parent of a navigation POST, per parent type and relation. */
    private static final Map<String, String> INVERSE = Map.of(
            "Things/Locations", "Things",
            "Things/HistoricalLocations", "Thing",
            "Things/Datastreams", "Thing",
            "Locations/Things", "Locations",
            "Locations/HistoricalLocations", "Locations",
            "Datastreams/Observations", "Datastream",
            "Sensors/Datastreams", "Sensor",
            "ObservedProperties/Datastreams", "ObservedProperty",
            "FeaturesOfInterest/Observations", "FeatureOfInterest");

    /** The components a CreateObservations dataArray may have. */
    static final Set<String> COMPONENTS = Set.of("phenomenonTime", "result", "resultTime", "resultQuality", "validTime",
            "parameters", "FeatureOfInterest/id");

    @Inject
    DataSource dataSource;

    @Inject
    StaWriteRepository repository;

    @Inject
    IngestService ingest;

    @Inject
    DatastreamCatalog catalog;

    @Inject
    CommittedPublisher committed;

    @Inject
    ServiceArea serviceArea;

    @Inject
    TweelingConfig config;

    @Inject
    ObjectMapper json;

    /**
     * What a create or update did.
     *
     * @param type        the entity's type
     * @param id          its @iot.id
     * @param serviceArea one line per Location of the request found outside the service area (policy flag), for
     *                    the {@code Tweeling-Service-Area} header; empty when none was
     */
    public record Outcome(EntityType type, long id, List<String> serviceArea) {
    }

    /** One row's answer of CreateObservations: the new observation's id, or why the row was refused. */
    public record Row(Long id, String error) {
    }

    // ------------------------------------------------------------------ requests

    /** POST on {@code path} (an entity set, or a navigation collection such as {@code Things(1)/Datastreams}). */
    public Outcome create(String path, byte[] body) {
        String[] segments = path.split("/", -1);
        EntityType type;
        EntityType parentType = null;
        long parentId = 0;
        String inverse = null;
        if (segments.length == 1 && SET.matcher(segments[0]).matches()) {
            type = EntityType.bySetName(segments[0]).orElseThrow(() -> notFound(path));
        } else if (segments.length == 2) {
            Matcher m = ENTITY.matcher(segments[0]);
            if (!m.matches()) {
                throw notFound(path);
            }
            parentType = EntityType.bySetName(m.group(1)).orElseThrow(() -> notFound(path));
            parentId = id(m.group(2), path);
            var rel = parentType.relation(segments[1]).orElseThrow(() -> notFound(path));
            inverse = INVERSE.get(parentType.setName() + "/" + rel.name());
            if (!rel.many() || inverse == null) {
                throw notAllowed("POST", path, "new entities are posted to an entity set (e.g. Things) or to a"
                        + " navigation collection such as Things(1)/Datastreams");
            }
            type = rel.target();
        } else {
            throw notAllowed("POST", path, "new entities are posted to an entity set (e.g. Things) or to a navigation"
                    + " collection such as Things(1)/Datastreams");
        }
        ObjectNode n = Body.object(Body.parse(json, body), "", "a " + type.singular());
        if (n.has("@iot.id")) {
            throw Body.invalid("@iot.id", "is given by the server: leave it out (links {\"@iot.id\": n} go in"
                    + " navigation members)");
        }
        EntityType pt = parentType;
        long pid = parentId;
        String member = inverse;
        return transaction(tx -> {
            if (pt != null) {
                if (!repository.exists(tx.c, pt, pid)) {
                    throw notFound(path);
                }
                linkToParent(n, member, pt, pid);
            }
            long id = create(tx, type, n, "");
            return new Outcome(type, id, tx.flags);
        });
    }

    /** PATCH of the entity at {@code path} ({@code Things(1)}) with the members of {@code body}. */
    public Outcome patch(String path, byte[] body) {
        Matcher m = ENTITY.matcher(path);
        if (!m.matches()) {
            throw notAllowed("PATCH", path, "PATCH changes one entity, e.g. Things(1)");
        }
        EntityType type = EntityType.bySetName(m.group(1)).orElseThrow(() -> notFound(path));
        long id = id(m.group(2), path);
        ObjectNode n = Body.object(Body.parse(json, body), "", "a PATCH of a " + type.singular());
        JsonNode given = n.get("@iot.id");
        if (given != null && !given.asText().equals(Long.toString(id))) {
            throw Body.invalid("@iot.id", "cannot be changed");
        }
        return transaction(tx -> {
            if (!repository.exists(tx.c, type, id)) {
                throw notFound(path);
            }
            patch(tx, type, id, n);
            return new Outcome(type, id, tx.flags);
        });
    }

    /** DELETE of the entity at {@code path}, with what the standard deletes along. */
    public void delete(String path) {
        Matcher m = ENTITY.matcher(path);
        if (!m.matches()) {
            throw notAllowed("DELETE", path, "DELETE removes one entity, e.g. Things(1)");
        }
        EntityType type = EntityType.bySetName(m.group(1)).orElseThrow(() -> notFound(path));
        long id = id(m.group(2), path);
        transaction(tx -> {
            if (!repository.exists(tx.c, type, id)) {
                throw notFound(path);
            }
            delete(tx, type, id);
            return null;
        });
    }

    /**
     * CreateObservations: groups of {@code {"Datastream": {"@iot.id": n}, "components": […], "dataArray": [[…], …]}}.
     * Rows are independent: a row that fails a check is answered "error" (its reason logged and returned), the
     * others are stored in one transaction.
     */
    public List<Row> createObservations(byte[] body) {
        JsonNode root = Body.parse(json, body);
        if (!root.isArray()) {
            throw Body.invalid("(body)", "CreateObservations takes an array of {\"Datastream\": {\"@iot.id\": n},"
                    + " \"components\": […], \"dataArray\": […]}");
        }
        int total = 0;
        for (int g = 0; g < root.size(); g++) {
            String at = "[" + g + "]";
            ObjectNode group = Body.object(root.get(g), at, "a group of observations");
            Body.only(group, at, Set.of("Datastream", "components", "dataArray", "dataArray@iot.count"), "a group");
            JsonNode components = group.get("components");
            if (components == null || !components.isArray() || components.isEmpty()) {
                throw Body.invalid(at + ".components", "is required: the names of the values of each row");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < components.size(); i++) {
                String c = components.get(i).asText();
                if (!components.get(i).isTextual() || !COMPONENTS.contains(c) || !seen.add(c)) {
                    throw Body.invalid(at + ".components[" + i + "]", "must be one of " + String.join(", ",
                            new TreeSet<>(COMPONENTS)) + ", each once");
                }
            }
            if (!seen.contains("result")) {
                throw Body.invalid(at + ".components", "must include result");
            }
            JsonNode rows = group.get("dataArray");
            if (rows == null || !rows.isArray()) {
                throw Body.invalid(at + ".dataArray", "is required: an array of rows");
            }
            if (group.get("Datastream") == null || Body.linkId(group.get("Datastream"), at + ".Datastream") == null) {
                throw Body.invalid(at + ".Datastream", "is required: a link {\"@iot.id\": n} to an existing Datastream");
            }
            total += rows.size();
        }
        if (total > config.ingest().maxRequestObservations()) {
            throw TweelingException.tooLarge("At most " + config.ingest().maxRequestObservations()
                    + " observations per request; split the body.");
        }
        return transaction(tx -> {
            List<Row> answer = new ArrayList<>();
            List<ObservationIn> valid = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int g = 0; g < root.size(); g++) {
                JsonNode group = root.get(g);
                long ds = Body.linkId(group.get("Datastream"), "[" + g + "].Datastream");
                JsonNode components = group.get("components");
                JsonNode rows = group.get("dataArray");
                for (int r = 0; r < rows.size(); r++) {
                    String where = "[" + g + "].dataArray[" + r + "]";
                    try {
                        JsonNode row = rows.get(r);
                        if (!row.isArray() || row.size() != components.size()) {
                            throw Body.invalid(where, "a row has one value per component (" + components.size() + ")");
                        }
                        ObjectNode o = json.createObjectNode();
                        o.putObject("Datastream").put("@iot.id", ds);
                        for (int i = 0; i < components.size(); i++) {
                            String c = components.get(i).asText();
                            if (c.equals("FeatureOfInterest/id")) {
                                o.putObject("FeatureOfInterest").set("@iot.id", row.get(i));
                            } else {
                                o.set(c, row.get(i));
                            }
                        }
                        valid.add(observation(tx, o, where));
                        at.add(answer.size());
                        answer.add(null);
                    } catch (TweelingException e) {
                        if (e.status() >= 500) {
                            throw e;
                        }
                        LOG.warnf("CreateObservations row %s refused: %s", where, e.getMessage());
                        answer.add(new Row(null, e.getMessage()));
                    }
                }
            }
            long[] ids = writeObservations(tx, valid);
            for (int i = 0; i < ids.length; i++) {
                answer.set(at.get(i), new Row(ids[i], null));
            }
            return answer;
        });
    }

    // ------------------------------------------------------------------ the transaction

    /** What one request's transaction collects on the way. */
    private static final class Tx {
        final Connection c;
        final Instant now = Instant.now();
        final List<ObservationRepository.Stored> stored = new ArrayList<>();
        final List<String> flags = new ArrayList<>();
        final Set<Long> featuresEnsured = new HashSet<>();
        /** Datastreams were deleted or given another observed property: the ingest catalog forgets what it knew. */
        boolean catalogChanged;

        Tx(Connection c) {
            this.c = c;
        }
    }

    private interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    private <T> T transaction(Work<T> work) {
        Tx tx;
        T result;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                tx = new Tx(c);
                result = work.run(tx);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; the pool discards it
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        if (tx.catalogChanged) {
            catalog.invalidate();
        }
        if (!tx.stored.isEmpty()) {
            try {
                committed.publish(tx.stored);
            } catch (Exception e) {
                // stored and committed: the answer stays a success; live streams and MQTT miss these rows
                LOG.warnf("SensorThings write: %d stored observation(s) not published to the change topic: %s",
                        tx.stored.size(), e.getMessage());
            }
        }
        return result;
    }

    /** A database error as the client hears it: its request's fault (4xx) where it is, else a 503 or a 500. */
    private static RuntimeException failure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        if (state.equals("23505") || state.equals("23503")) {
            return TweelingException.conflict("The change conflicts with stored entities: " + message + ".");
        }
        if (state.startsWith("22") || state.equals("XX000")) {
            return TweelingException.badBody("A value of the request cannot be stored: " + message + ".", List.of());
        }
        if (state.startsWith("08") || state.equals("40001") || state.equals("40P01") || state.equals("57P01")) {
            return TweelingException.unavailable("The database could not complete the write; retry.", 1);
        }
        return new IllegalStateException("SensorThings write failed (SQLSTATE " + state + ")", e);
    }

    // ------------------------------------------------------------------ create

    private long create(Tx tx, EntityType type, ObjectNode n, String path) throws SQLException {
        return switch (type) {
            case THING -> createThing(tx, n, path);
            case LOCATION -> createLocation(tx, n, path);
            case HISTORICAL_LOCATION -> createHistoricalLocation(tx, n, path);
            case DATASTREAM -> createDatastream(tx, n, path);
            case SENSOR -> createSensor(tx, n, path);
            case OBSERVED_PROPERTY -> createObservedProperty(tx, n, path);
            case FEATURE_OF_INTEREST -> createFeatureOfInterest(tx, n, path);
            case OBSERVATION -> writeObservations(tx, List.of(observation(tx, n, path)))[0];
        };
    }

    /** The id of the entity a navigation member names: an existing one (link) or one created from it (inline). */
    private long related(Tx tx, EntityType type, JsonNode n, String field) throws SQLException {
        Long id = Body.linkId(n, field);
        if (id == null) {
            return create(tx, type, (ObjectNode) n, field);
        }
        if (!repository.exists(tx.c, type, id)) {
            throw Body.invalid(field, "there is no " + type.singular() + " " + id);
        }
        return id;
    }

    private long createThing(Tx tx, ObjectNode n, String path) throws SQLException {
        Body.refuse(n, path, "HistoricalLocations", "are recorded by the server when a Thing's Locations change; post a"
                + " past one to HistoricalLocations");
        Body.only(n, path, Set.of("name", "description", "properties", "Locations", "Datastreams"), "a Thing");
        String name = Body.text(n, path, "name", true);
        String description = Body.orEmpty(Body.text(n, path, "description", false));
        String properties = Body.jsonObject(n, path, "properties");
        long id = repository.insert(tx.c, "insert_thing.sql", name, description, properties == null ? "{}" : properties);
        List<Long> locations = new ArrayList<>();
        for (JsonNode l : Body.array(n, path, "Locations")) {
            locations.add(related(tx, EntityType.LOCATION, l, Body.path(path, "Locations", locations.size())));
        }
        if (!locations.isEmpty()) {
            setLocations(tx, id, locations);
        }
        int i = 0;
        for (JsonNode d : Body.array(n, path, "Datastreams")) {
            String at = Body.path(path, "Datastreams", i++);
            ObjectNode ds = Body.inline(d, at, "a Datastream belongs to one Thing: create it here, or PATCH its Thing");
            linkToParent(ds, "Thing", EntityType.THING, id);
            createDatastream(tx, ds, at);
        }
        return id;
    }

    private long createLocation(Tx tx, ObjectNode n, String path) throws SQLException {
        Body.only(n, path, Set.of("name", "description", "encodingType", "location", "properties", "Things"), "a Location");
        String name = Body.text(n, path, "name", true);
        String description = Body.orEmpty(Body.text(n, path, "description", false));
        String encoding = Body.encoding(n, path);
        if (!n.has("location") || n.get("location").isNull()) {
            throw Body.invalid(Body.path(path, "location"), "is required: a GeoJSON geometry");
        }
        GeoJson.Parsed g = GeoJson.read(n.get("location"), Body.path(path, "location"));
        String properties = Body.jsonObject(n, path, "properties");
        ServiceArea.Decision d = serviceArea.check(g.box());
        properties = flagged(properties == null ? "{}" : properties, d);
        long id = repository.insert(tx.c, "insert_location.sql", name, description, encoding, properties, g.json());
        flag(tx, id, d);
        int i = 0;
        for (JsonNode t : Body.array(n, path, "Things")) {
            long thing = related(tx, EntityType.THING, t, Body.path(path, "Things", i++));
            setLocations(tx, thing, List.of(id));
        }
        return id;
    }

    private long createHistoricalLocation(Tx tx, ObjectNode n, String path) throws SQLException {
        Body.only(n, path, Set.of("time", "Thing", "Locations"), "a HistoricalLocation");
        Instant time = Body.instant(n, path, "time");
        if (time == null) {
            throw Body.invalid(Body.path(path, "time"), "is required: an ISO 8601 time");
        }
        JsonNode thing = n.get("Thing");
        if (thing == null || thing.isNull()) {
            throw Body.invalid(Body.path(path, "Thing"), "is required: a link {\"@iot.id\": n} or a Thing");
        }
        long thingId = related(tx, EntityType.THING, thing, Body.path(path, "Thing"));
        List<Long> locations = new ArrayList<>();
        for (JsonNode l : Body.array(n, path, "Locations")) {
            locations.add(related(tx, EntityType.LOCATION, l, Body.path(path, "Locations", locations.size())));
        }
        if (locations.isEmpty()) {
            throw Body.invalid(Body.path(path, "Locations"), "is required: the Locations the Thing had then");
        }
        return repository.insert(tx.c, "insert_historical_location.sql", thingId, time, locations.toArray(new Long[0]));
    }

    private long createSensor(Tx tx, ObjectNode n, String path) throws SQLException {
        Body.only(n, path, Set.of("name", "description", "encodingType", "metadata", "properties", "Datastreams"), "a Sensor");
        String name = Body.text(n, path, "name", true);
        String description = Body.orEmpty(Body.text(n, path, "description", false));
        String encoding = Body.text(n, path, "encodingType", true);
        String metadata = Body.metadata(n, path, true);
        String properties = Body.jsonObject(n, path, "properties");
        long id = repository.insert(tx.c, "insert_sensor.sql", name, description, encoding, metadata,
                properties == null ? "{}" : properties);
        createChildDatastreams(tx, n, path, "Sensor", EntityType.SENSOR, id);
        return id;
    }

    private long createObservedProperty(Tx tx, ObjectNode n, String path) throws SQLException {
        Body.only(n, path, Set.of("name", "definition", "description", "properties", "Datastreams"), "an ObservedProperty");
        String name = Body.text(n, path, "name", true);
        String definition = Body.text(n, path, "definition", true);
        String description = Body.orEmpty(Body.text(n, path, "description", false));
        String properties = Body.jsonObject(n, path, "properties");
        long id = repository.insert(tx.c, "insert_observed_property.sql", name, definition, description,
                properties == null ? "{}" : properties);
        createChildDatastreams(tx, n, path, "ObservedProperty", EntityType.OBSERVED_PROPERTY, id);
        return id;
    }

    private void createChildDatastreams(Tx tx, ObjectNode n, String path, String member, EntityType parent, long id)
            throws SQLException {
        int i = 0;
        for (JsonNode d : Body.array(n, path, "Datastreams")) {
            String at = Body.path(path, "Datastreams", i++);
            ObjectNode ds = Body.inline(d, at, "create the Datastream here, or PATCH its " + member);
            linkToParent(ds, member, parent, id);
            createDatastream(tx, ds, at);
        }
    }

    private long createDatastream(Tx tx, ObjectNode n, String path) throws SQLException {
        Body.only(n, path, Set.of("name", "description", "unitOfMeasurement", "observationType", "observedArea",
                "phenomenonTime", "resultTime", "properties", "Thing", "Sensor", "ObservedProperty", "Observations"),
                "a Datastream");
        String name = Body.text(n, path, "name", true);
        String description = Body.orEmpty(Body.text(n, path, "description", false));
        String[] unit = Body.unit(n, path, true);
        String type = Body.text(n, path, "observationType", true);
        String area = n.has("observedArea") && !n.get("observedArea").isNull()
                ? GeoJson.read(n.get("observedArea"), Body.path(path, "observedArea")).json() : null;
        // derived from the observations here: checked, not stored
        Body.time(n, path, "phenomenonTime");
        Body.time(n, path, "resultTime");
        String properties = Body.jsonObject(n, path, "properties");
        for (String member : List.of("Thing", "Sensor", "ObservedProperty")) {
            if (n.get(member) == null || n.get(member).isNull()) {
                throw Body.invalid(Body.path(path, member), "is required: a link {\"@iot.id\": n} or a new " + member);
            }
        }
        long thing = related(tx, EntityType.THING, n.get("Thing"), Body.path(path, "Thing"));
        long sensor = related(tx, EntityType.SENSOR, n.get("Sensor"), Body.path(path, "Sensor"));
        long property = related(tx, EntityType.OBSERVED_PROPERTY, n.get("ObservedProperty"),
                Body.path(path, "ObservedProperty"));
        long id = repository.insert(tx.c, "insert_datastream.sql", thing, property, sensor, name, description, type,
                Typed.text(unit[0]), Typed.text(unit[1]), Typed.text(unit[2]), Typed.text(area),
                properties == null ? "{}" : properties);
        List<ObservationIn> observations = new ArrayList<>();
        int i = 0;
        for (JsonNode o : Body.array(n, path, "Observations")) {
            String at = Body.path(path, "Observations", i++);
            ObjectNode obs = Body.inline(o, at, "an Observation belongs to one Datastream: create it here");
            linkToParent(obs, "Datastream", EntityType.DATASTREAM, id);
            observations.add(observation(tx, obs, at));
        }
        writeObservations(tx, observations);
        return id;
    }

    private long createFeatureOfInterest(Tx tx, ObjectNode n, String path) throws SQLException {
        Body.only(n, path, Set.of("name", "description", "encodingType", "feature", "properties", "Observations"),
                "a FeatureOfInterest");
        String name = Body.text(n, path, "name", true);
        String description = Body.orEmpty(Body.text(n, path, "description", false));
        String encoding = Body.encoding(n, path);
        if (!n.has("feature") || n.get("feature").isNull()) {
            throw Body.invalid(Body.path(path, "feature"), "is required: a GeoJSON geometry");
        }
        GeoJson.Parsed g = GeoJson.read(n.get("feature"), Body.path(path, "feature"));
        String properties = Body.jsonObject(n, path, "properties");
        long id = repository.insert(tx.c, "insert_feature_of_interest.sql", name, description, encoding,
                properties == null ? "{}" : properties, g.json());
        List<ObservationIn> observations = new ArrayList<>();
        int i = 0;
        for (JsonNode o : Body.array(n, path, "Observations")) {
            String at = Body.path(path, "Observations", i++);
            ObjectNode obs = Body.inline(o, at, "create the Observation here, or PATCH its FeatureOfInterest");
            linkToParent(obs, "FeatureOfInterest", EntityType.FEATURE_OF_INTEREST, id);
            observations.add(observation(tx, obs, at));
        }
        writeObservations(tx, observations);
        return id;
    }

    /** The Thing's current Locations become {@code locations} (a HistoricalLocation records it). */
    private void setLocations(Tx tx, long thing, List<Long> locations) throws SQLException {
        repository.ids(tx.c, "set_thing_locations.sql", thing, locations.toArray(new Long[0]), tx.now);
    }

    // ------------------------------------------------------------------ observations

    /** An observation checked and ready to write: what ingest writes, and the members it does not carry. */
    private record ObservationIn(Observation observation, StaWriteRepository.Members members) {
    }

    /**
     * Reads and checks one Observation (the ingest pipeline's checks included); creates what it names inline
     * (a Datastream, a FeatureOfInterest). Nothing of the observation itself is written yet.
     */
    private ObservationIn observation(Tx tx, ObjectNode n, String path) throws SQLException {
        Body.only(n, path, Set.of("phenomenonTime", "result", "resultTime", "resultQuality", "validTime", "parameters",
                "Datastream", "FeatureOfInterest"), "an Observation");
        JsonNode dsNode = n.get("Datastream");
        if (dsNode == null || dsNode.isNull()) {
            throw Body.invalid(Body.path(path, "Datastream"), "is required: a link {\"@iot.id\": n} (or post to"
                    + " Datastreams(n)/Observations)");
        }
        long ds = related(tx, EntityType.DATASTREAM, dsNode, Body.path(path, "Datastream"));
        StaWriteRepository.Stream stream = repository.stream(tx.c, ds)
                .orElseThrow(() -> Body.invalid(Body.path(path, "Datastream"), "there is no Datastream " + ds));
        Body.Time time = Body.time(n, path, "phenomenonTime");
        if (time == null) {
            time = new Body.Time(tx.now, null);
        }
        if (!n.has("result")) {
            throw Body.invalid(Body.path(path, "result"), "is required");
        }
        JsonNode result = n.get("result");
        Instant resultTime = Body.instant(n, path, "resultTime");
        String quality = Body.quality(n.get("resultQuality"));
        Body.Time valid = Body.time(n, path, "validTime");
        if (valid != null && valid.end() == null) {
            throw Body.invalid(Body.path(path, "validTime"), "is an interval: start/end");
        }
        String parameters = Body.jsonObject(n, path, "parameters");
        Long foi = null;
        JsonNode foiNode = n.get("FeatureOfInterest");
        if (foiNode != null && !foiNode.isNull()) {
            foi = related(tx, EntityType.FEATURE_OF_INTEREST, foiNode, Body.path(path, "FeatureOfInterest"));
        } else if (!stream.located()) {
            throw Body.invalid(Body.path(path, "FeatureOfInterest"), "is required here: the Datastream's Thing has no"
                    + " Location to make one from (give the Thing a Location, or the Observation a FeatureOfInterest)");
        } else if (tx.featuresEnsured.add(stream.thingId())) {
            repository.update(tx.c, "ensure_location_features.sql", stream.thingId());
        }
        Observation o = validated(stream, time.start(), result, quality, path);
        return new ObservationIn(o, new StaWriteRepository.Members(o.datastreamId(), o.phenomenonTime(), time.end(),
                resultTime, valid == null ? null : valid.start(), valid == null ? null : valid.end(), parameters, foi,
                quality));
    }

    /** The ingest pipeline's checks (datastream, time, plausible range, storable text); errors name the member. */
    private Observation validated(StaWriteRepository.Stream stream, Instant time, JsonNode result, String quality,
            String path) {
        if (result == null || result.isNull()) {
            throw Body.invalid(Body.path(path, "result"), "must not be null");
        }
        Double number = result.isNumber() ? result.asDouble() : null;
        String other = result.isNumber() ? null : result.toString();
        ObservationMessage m = new ObservationMessage(stream.key(), time, number, other, quality, null, null);
        try {
            return ingest.validate(new DatastreamCatalog.Entry(stream.id(), stream.key(), stream.min(), stream.max()), m,
                    "sta", null);
        } catch (InvalidObservationException e) {
            ingest.rejected("sta", 1);
            String reason = e.getMessage();
            String field = reason.startsWith("phenomenonTime") ? "phenomenonTime"
                    : reason.startsWith("resultQuality") ? "resultQuality" : "result";
            throw Body.invalid(Body.path(path, field), reason);
        }
    }

    /** Writes checked observations through ingest's write, then their other members; their ids in order. */
    private long[] writeObservations(Tx tx, List<ObservationIn> in) throws SQLException {
        if (in.isEmpty()) {
            return new long[0];
        }
        List<Observation> batch = new ArrayList<>(in.size());
        Map<String, StaWriteRepository.Members> members = new LinkedHashMap<>();
        List<Long> datastreams = new ArrayList<>(in.size());
        List<Instant> times = new ArrayList<>(in.size());
        for (ObservationIn o : in) {
            batch.add(o.observation());
            // the same key twice in one request: the later one wins, as in the ingest write
            members.put(o.observation().datastreamId() + "@" + o.observation().phenomenonTime(), o.members());
            datastreams.add(o.observation().datastreamId());
            times.add(o.observation().phenomenonTime());
        }
        published(tx, ingest.write(tx.c, batch, "sta"));
        repository.members(tx.c, new ArrayList<>(members.values()));
        Long[] ids = repository.observationIds(tx.c, datastreams, times);
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == null) {
                throw new IllegalStateException("an observation written a moment ago is not found by its key");
            }
            out[i] = ids[i];
        }
        return out;
    }

    /**
     * Keeps what a write stored for publication after the commit: the rows it inserted or corrected. The ingest
     * write also reports rows an earlier delivery of the same message stored (same source, no position), which
     * for the SensorThings API is an identical observation posted again: those were published the first time.
     */
    private void published(Tx tx, ObservationRepository.WriteResult r) throws SQLException {
        if (r.unchanged() == 0 || r.stored().isEmpty()) {
            tx.stored.addAll(r.stored());
            return;
        }
        Long[] ids = r.stored().stream().map(ObservationRepository.Stored::id).toArray(Long[]::new);
        Set<Long> changed = new HashSet<>(repository.ids(tx.c, "select_changed_now.sql", (Object) ids));
        for (ObservationRepository.Stored s : r.stored()) {
            if (changed.contains(s.id())) {
                tx.stored.add(s);
            }
        }
    }

    // ------------------------------------------------------------------ update

    private void patch(Tx tx, EntityType type, long id, ObjectNode n) throws SQLException {
        switch (type) {
            case THING -> {
                Body.refuse(n, "", "Datastreams", "cannot be changed through a Thing: PATCH each Datastream's Thing");
                Body.refuse(n, "", "HistoricalLocations", "are recorded by the server when the Thing's Locations change");
                Body.only(n, "", Set.of("@iot.id", "name", "description", "properties", "Locations"), "a Thing");
                repository.update(tx.c, "patch_thing.sql", Body.required(n, "name"), Body.required(n, "description"),
                        Body.properties(n), id);
                if (n.has("Locations")) {
                    List<Long> locations = new ArrayList<>();
                    for (JsonNode l : Body.array(n, "", "Locations")) {
                        locations.add(existing(tx, EntityType.LOCATION, l, Body.path("", "Locations", locations.size())));
                    }
                    if (locations.isEmpty()) {
                        throw Body.invalid("Locations", "must name at least one Location");
                    }
                    setLocations(tx, id, locations);
                }
            }
            case LOCATION -> {
                Body.refuse(n, "", "Things", "cannot be changed through a Location: PATCH the Thing's Locations");
                Body.refuse(n, "", "HistoricalLocations", "are recorded by the server when a Thing's Locations change");
                Body.only(n, "", Set.of("@iot.id", "name", "description", "encodingType", "location", "properties"),
                        "a Location");
                String encoding = n.has("encodingType") ? Body.encoding(n, "") : null;
                String properties = Body.properties(n);
                GeoJson.Parsed g = null;
                if (n.has("location")) {
                    if (n.get("location").isNull()) {
                        throw Body.invalid("location", "must not be null");
                    }
                    g = GeoJson.read(n.get("location"), "location");
                    ServiceArea.Decision d = serviceArea.check(g.box());
                    if (properties == null) {
                        properties = text(tx, "select_location_properties.sql", id);
                    }
                    properties = flagged(properties, d);
                    flag(tx, id, d);
                } else if (properties != null) {
                    // the flag stays as long as the location stays where it is
                    String current = text(tx, "select_location_properties.sql", id);
                    if (tree(current).path(FLAG).asText().equals("outside")) {
                        properties = withFlag(properties, true);
                    }
                }
                repository.update(tx.c, "patch_location.sql", Body.required(n, "name"), Body.required(n, "description"),
                        encoding, properties, Typed.text(g == null ? null : g.json()), id);
                if (g != null) {
                    repository.update(tx.c, "follow_location_geometry.sql", id, id);
                }
            }
            case HISTORICAL_LOCATION -> {
                Body.refuse(n, "", "Locations", "of a HistoricalLocation cannot be changed: delete it and post another");
                Body.only(n, "", Set.of("@iot.id", "time", "Thing"), "a HistoricalLocation");
                if (n.has("time") && n.get("time").isNull()) {
                    throw Body.invalid("time", "must not be null");
                }
                Long thing = n.has("Thing") ? existing(tx, EntityType.THING, n.get("Thing"), "Thing") : null;
                repository.update(tx.c, "patch_historical_location.sql", Typed.time(Body.instant(n, "", "time")),
                        Typed.bigint(thing), id);
            }
            case DATASTREAM -> {
                Body.refuse(n, "", "Observations", "cannot be changed through a Datastream: post, PATCH or DELETE them");
                Body.only(n, "", Set.of("@iot.id", "name", "description", "unitOfMeasurement", "observationType",
                        "observedArea", "phenomenonTime", "resultTime", "properties", "Thing", "Sensor", "ObservedProperty"),
                        "a Datastream");
                String[] unit = n.has("unitOfMeasurement") ? Body.unit(n, "", true) : null;
                boolean area = n.has("observedArea");
                String areaJson = area && !n.get("observedArea").isNull()
                        ? GeoJson.read(n.get("observedArea"), "observedArea").json() : null;
                Body.time(n, "", "phenomenonTime");
                Body.time(n, "", "resultTime");
                Long thing = n.has("Thing") ? existing(tx, EntityType.THING, n.get("Thing"), "Thing") : null;
                Long sensor = n.has("Sensor") ? existing(tx, EntityType.SENSOR, n.get("Sensor"), "Sensor") : null;
                Long property = n.has("ObservedProperty")
                        ? existing(tx, EntityType.OBSERVED_PROPERTY, n.get("ObservedProperty"), "ObservedProperty") : null;
                tx.catalogChanged |= property != null;
                repository.update(tx.c, "patch_datastream.sql", Body.required(n, "name"), Body.required(n, "description"),
                        Body.required(n, "observationType"), Body.properties(n), Typed.bigint(thing), Typed.bigint(sensor),
                        Typed.bigint(property), unit != null, Typed.text(unit == null ? null : unit[0]), unit != null,
                        Typed.text(unit == null ? null : unit[1]), unit != null, Typed.text(unit == null ? null : unit[2]),
                        area, Typed.text(areaJson), id);
            }
            case SENSOR -> {
                Body.refuse(n, "", "Datastreams", "cannot be changed through a Sensor: PATCH each Datastream's Sensor");
                Body.only(n, "", Set.of("@iot.id", "name", "description", "encodingType", "metadata", "properties"),
                        "a Sensor");
                repository.update(tx.c, "patch_sensor.sql", Body.required(n, "name"), Body.required(n, "description"),
                        Body.required(n, "encodingType"), n.has("metadata") ? Body.metadata(n, "", true) : null, Body.properties(n), id);
            }
            case OBSERVED_PROPERTY -> {
                Body.refuse(n, "", "Datastreams", "cannot be changed through an ObservedProperty: PATCH each Datastream's"
                        + " ObservedProperty");
                Body.only(n, "", Set.of("@iot.id", "name", "definition", "description", "properties"), "an ObservedProperty");
                repository.update(tx.c, "patch_observed_property.sql", Body.required(n, "name"), Body.required(n, "definition"),
                        Body.required(n, "description"), Body.properties(n), id);
            }
            case FEATURE_OF_INTEREST -> {
                Body.refuse(n, "", "Observations", "cannot be changed through a FeatureOfInterest: PATCH each Observation's"
                        + " FeatureOfInterest");
                Body.only(n, "", Set.of("@iot.id", "name", "description", "encodingType", "feature", "properties"),
                        "a FeatureOfInterest");
                String encoding = n.has("encodingType") ? Body.encoding(n, "") : null;
                if (n.has("feature") && n.get("feature").isNull()) {
                    throw Body.invalid("feature", "must not be null");
                }
                String g = n.has("feature") ? GeoJson.read(n.get("feature"), "feature").json() : null;
                repository.update(tx.c, "patch_feature_of_interest.sql", Body.required(n, "name"), Body.required(n, "description"),
                        encoding, Body.properties(n), Typed.text(g), id);
            }
            case OBSERVATION -> patchObservation(tx, id, n);
        }
    }

    private void patchObservation(Tx tx, long id, ObjectNode n) throws SQLException {
        Body.only(n, "", Set.of("@iot.id", "phenomenonTime", "result", "resultTime", "resultQuality", "validTime",
                "parameters", "Datastream", "FeatureOfInterest"), "an Observation");
        StaWriteRepository.StoredObservation old = repository.observation(tx.c, id).orElseThrow(() -> notFound(
                "Observations(" + id + ")"));
        if (n.has("Datastream") && !Long.valueOf(old.datastreamId()).equals(Body.linkId(n.get("Datastream"), "Datastream"))) {
            throw Body.invalid("Datastream", "an Observation cannot move to another Datastream: delete it and post it there");
        }
        StaWriteRepository.Stream stream = repository.stream(tx.c, old.datastreamId()).orElseThrow();
        Instant start = old.time();
        Instant end = old.timeEnd();
        if (n.has("phenomenonTime")) {
            Body.Time t = Body.time(n, "", "phenomenonTime");
            if (t == null) {
                throw Body.invalid("phenomenonTime", "must not be null");
            }
            start = t.start();
            end = t.end();
        }
        JsonNode result = n.has("result") ? n.get("result")
                : old.resultJson() != null ? tree(old.resultJson())
                : old.result() == null ? json.nullNode() : json.getNodeFactory().numberNode(old.result());
        String quality = n.has("resultQuality") ? Body.quality(n.get("resultQuality")) : old.quality();
        Instant resultTime = n.has("resultTime") ? Body.instant(n, "", "resultTime") : old.resultTime();
        Instant validFrom = old.validFrom();
        Instant validTo = old.validTo();
        if (n.has("validTime")) {
            Body.Time v = Body.time(n, "", "validTime");
            if (v != null && v.end() == null) {
                throw Body.invalid("validTime", "is an interval: start/end");
            }
            validFrom = v == null ? null : v.start();
            validTo = v == null ? null : v.end();
        }
        String parameters = n.has("parameters") ? Body.jsonObject(n, "", "parameters") : old.parameters();
        Long foi = old.foi();
        if (n.has("FeatureOfInterest")) {
            foi = existing(tx, EntityType.FEATURE_OF_INTEREST, n.get("FeatureOfInterest"), "FeatureOfInterest");
        }
        Observation o = validated(stream, start, result, quality, "");
        if (!o.phenomenonTime().equals(old.time())) {
            try {
                repository.update(tx.c, "move_observation.sql", o.phenomenonTime(), id);
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    throw TweelingException.conflict("Datastream " + old.datastreamId() + " has an Observation at "
                            + o.phenomenonTime() + " already (phenomenonTime and Datastream identify an Observation).");
                }
                throw e;
            }
        }
        if (n.has("result")) {
            // a new result is a correction, counted and published like any other
            published(tx, ingest.write(tx.c, List.of(o), "sta"));
        }
        repository.members(tx.c, List.of(new StaWriteRepository.Members(old.datastreamId(), o.phenomenonTime(), end,
                resultTime, validFrom, validTo, parameters, foi, quality)));
        repository.refreshLatest(tx.c, List.of(old.datastreamId()));
    }

    // ------------------------------------------------------------------ delete

    private void delete(Tx tx, EntityType type, long id) throws SQLException {
        switch (type) {
            case THING -> {
                deleteDatastreams(tx, repository.ids(tx.c, "select_datastreams_of.sql", id, null, null, null));
                repository.delete(tx.c, type, id);
            }
            case SENSOR -> {
                deleteDatastreams(tx, repository.ids(tx.c, "select_datastreams_of.sql", null, id, null, null));
                repository.delete(tx.c, type, id);
            }
            case OBSERVED_PROPERTY -> {
                deleteDatastreams(tx, repository.ids(tx.c, "select_datastreams_of.sql", null, null, id, null));
                repository.delete(tx.c, type, id);
            }
            case DATASTREAM -> deleteDatastreams(tx, repository.ids(tx.c, "select_datastreams_of.sql", null, null, null, id));
            case LOCATION -> {
                repository.update(tx.c, "keep_location_features.sql", id);
                repository.update(tx.c, "delete_location.sql", id, id, id, id, id);
            }
            case HISTORICAL_LOCATION -> repository.delete(tx.c, type, id);
            case FEATURE_OF_INTEREST -> {
                List<Long> touched = repository.ids(tx.c, "delete_feature_observations.sql", id, id);
                repository.refreshLatest(tx.c, touched);
                repository.delete(tx.c, type, id);
            }
            case OBSERVATION -> repository.refreshLatest(tx.c, repository.ids(tx.c, "delete_observation.sql", id));
        }
    }

    private void deleteDatastreams(Tx tx, List<Long> ids) throws SQLException {
        if (!ids.isEmpty()) {
            Long[] a = ids.toArray(new Long[0]);
            repository.update(tx.c, "delete_datastreams.sql", a, a);
            tx.catalogChanged = true;
        }
    }

    // ------------------------------------------------------------------ members

    /** A member of a PATCH that must be a link to an existing entity. */
    private long existing(Tx tx, EntityType type, JsonNode n, String field) throws SQLException {
        Long id = Body.linkId(n, field);
        if (id == null) {
            throw Body.invalid(field, "PATCH links existing entities only ({\"@iot.id\": n}); create the " + type.singular()
                    + " first");
        }
        if (!repository.exists(tx.c, type, id)) {
            throw Body.invalid(field, "there is no " + type.singular() + " " + id);
        }
        return id;
    }

    /** Sets the member linking a new child to the parent of a navigation POST (or a deep insert). */
    private void linkToParent(ObjectNode child, String member, EntityType parent, long parentId) {
        JsonNode given = child.get(member);
        boolean many = member.equals("Things") || member.equals("Locations");
        if (many) {
            ArrayNode links = json.createArrayNode();
            if (given != null && !given.isNull()) {
                if (!given.isArray()) {
                    throw Body.invalid(member, "must be an array");
                }
                links.addAll((ArrayNode) given);
            }
            boolean present = false;
            for (JsonNode l : links) {
                present |= l.isObject() && l.has("@iot.id") && l.get("@iot.id").asText().equals(Long.toString(parentId));
            }
            if (!present) {
                links.addObject().put("@iot.id", parentId);
            }
            child.set(member, links);
            return;
        }
        if (given != null && !given.isNull()) {
            Long id = Body.linkId(given, member);
            if (id == null || id != parentId) {
                throw Body.invalid(member, "is given by the request: " + parent.setName() + "(" + parentId
                        + "); leave it out or name the same " + parent.singular());
            }
        }
        child.putObject(member).put("@iot.id", parentId);
    }

    private String text(Tx tx, String sqlFile, long id) throws SQLException {
        try (var ps = tx.c.prepareStatement(nl.tweeling.common.sql.SqlFiles.get("sta/" + sqlFile))) {
            ps.setLong(1, id);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "{}";
            }
        }
    }

    // ------------------------------------------------------------------ the service area

    /** The properties with the flag set (outside, policy flag) or removed (inside). */
    private String flagged(String properties, ServiceArea.Decision d) {
        return withFlag(properties, !d.inside());
    }

    private String withFlag(String properties, boolean outside) {
        ObjectNode p = (ObjectNode) tree(properties);
        if (outside) {
            p.put(FLAG, "outside");
        } else {
            p.remove(FLAG);
        }
        return p.toString();
    }

    /** JSON text the database or this class wrote. */
    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read", e);
        }
    }

    /** Records a flagged Location for the answer's header. */
    private static void flag(Tx tx, long location, ServiceArea.Decision d) {
        if (!d.inside()) {
            tx.flags.add(String.format(Locale.ROOT, "outside; policy=flag; location=Locations(%d); distance-m=%.0f",
                    location, d.distanceM()));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** An @iot.id in a path; one no entity can have (beyond a bigint) is a 404. */
    private static long id(String digits, String path) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw notFound(path);
        }
    }

    private static TweelingException notFound(String path) {
        String shown = path.length() > 80 ? path.substring(0, 80) + "…" : path;
        return TweelingException.notFound("There is no SensorThings resource " + shown + ".");
    }

    private static TweelingException notAllowed(String method, String path, String how) {
        String shown = path.length() > 80 ? path.substring(0, 80) + "…" : path;
        return new TweelingException(405, "Method not allowed", method + " is not allowed on " + shown + ": " + how + ".",
                null, null);
    }

}
