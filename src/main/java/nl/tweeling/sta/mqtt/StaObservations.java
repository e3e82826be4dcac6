package nl.tweeling.sta.mqtt;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import nl.tweeling.ingest.InvalidObservationException;
import nl.tweeling.ingest.ObservationMessage;
import nl.tweeling.push.CommittedObservation;

/**
 * SensorThings Observation JSON over MQTT, both ways: the notification this server publishes for a committed
 * observation, and the create request a client publishes. Plain Java, thread-safe.
 */
public final class StaObservations {

    /** The versions whose topics are served. */
    public static final String[] VERSIONS = {"v1.1", "v1.0"};

    /** A topic a client may create observations on: {@code v1.x/Observations} or {@code v1.x/Datastreams(<id>)/Observations}. */
    private static final Pattern CREATE_TOPIC = Pattern.compile("v1\\.[01]/(?:Datastreams\\((\\d{1,18})\\)/)?Observations");

    private StaObservations() {
    }

    /** The topics a committed observation is published on, for {@code version}. */
    public static String[] topics(String version, long datastreamId) {
        return new String[] {version + "/Datastreams(" + datastreamId + ")/Observations", version + "/Observations"};
    }

    /** The Observation entity as a SensorThings server answers it, with absolute links under {@code root}. */
    public static ObjectNode notification(ObjectMapper json, CommittedObservation o, String root, String version) {
        String self = stripSlash(root) + "/" + version + "/Observations(" + o.id() + ")";
        ObjectNode n = json.createObjectNode();
        n.put("@iot.id", o.id());
        n.put("@iot.selfLink", self);
        n.put("phenomenonTime", o.phenomenonTime());
        n.putNull("resultTime");
        n.putRawValue("result", new RawValue(o.result()));
        n.put("Datastream@iot.navigationLink", self + "/Datastream");
        n.put("FeatureOfInterest@iot.navigationLink", self + "/FeatureOfInterest");
        return n;
    }

    /** Thrown for a message that is not a create request at all: a notification (it has an {@code @iot.id}). */
    public static final class NotARequest extends Exception {
        NotARequest(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Reads a client's create request published on {@code topic}: the datastream from the topic or from
     * {@code Datastream/@iot.id} (both: they must agree), {@code phenomenonTime} (absent: {@code now}; an
     * interval is refused), {@code result} (required), {@code resultQuality}. The datastream is given as its
     * id in text.
     *
     * @throws NotARequest                 for a message with an {@code @iot.id}: an entity that exists (what
     *                                     this server, or another, publishes), never created again
     * @throws InvalidObservationException with the reason for the dead letter
     */
    public static ObservationMessage request(ObjectMapper json, String topic, byte[] payload, Instant now)
            throws NotARequest, InvalidObservationException {
        Matcher m = CREATE_TOPIC.matcher(topic);
        if (!m.matches()) {
            throw new InvalidObservationException("observations are created on v1.1/Observations or"
                    + " v1.1/Datastreams(<id>)/Observations (or v1.0), not on " + abbreviate(topic));
        }
        JsonNode n;
        try {
            n = json.readTree(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidObservationException("malformed JSON: " + abbreviate(String.valueOf(e.getOriginalMessage())));
        } catch (java.io.IOException e) {
            throw new InvalidObservationException("malformed JSON");
        }
        if (n == null || !n.isObject()) {
            throw new InvalidObservationException("an Observation is a JSON object");
        }
        if (n.has("@iot.id")) {
            throw new NotARequest("has @iot.id: a notification, not a create request");
        }
        String fromTopic = m.group(1);
        String fromBody = null;
        JsonNode ds = n.get("Datastream");
        if (ds != null && !ds.isNull()) {
            JsonNode id = ds.get("@iot.id");
            if (id == null || !(id.isIntegralNumber() || (id.isTextual() && id.asText().matches("\\d{1,18}")))) {
                throw new InvalidObservationException("Datastream must be {\"@iot.id\": <id>} of an existing datastream");
            }
            fromBody = Long.toString(id.asLong());
        }
        if (fromTopic != null && fromBody != null && Long.parseLong(fromTopic) != Long.parseLong(fromBody)) {
            throw new InvalidObservationException("the topic names Datastream " + fromTopic + " and the body " + fromBody);
        }
        String datastream = fromTopic != null ? Long.toString(Long.parseLong(fromTopic)) : fromBody;
        if (datastream == null) {
            throw new InvalidObservationException("no Datastream: publish on v1.1/Datastreams(<id>)/Observations or"
                    + " give \"Datastream\": {\"@iot.id\": <id>}");
        }
        Instant time = now;
        JsonNode t = n.get("phenomenonTime");
        if (t != null && !t.isNull()) {
            if (!t.isTextual()) {
                throw new InvalidObservationException("phenomenonTime must be an ISO 8601 time");
            }
            if (t.asText().contains("/")) {
                throw new InvalidObservationException("phenomenonTime intervals are not taken over MQTT; give an instant");
            }
            try {
                time = OffsetDateTime.parse(t.asText()).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidObservationException("phenomenonTime " + abbreviate(t.asText()) + " is not an ISO 8601 time with offset");
            }
        }
        JsonNode r = n.get("result");
        if (r == null || r.isNull()) {
            throw new InvalidObservationException("an Observation needs a result");
        }
        Double result = r.isNumber() ? r.asDouble() : null;
        String resultJson = r.isNumber() ? null : r.toString();
        JsonNode q = n.get("resultQuality");
        String quality = q == null || q.isNull() ? null : q.isTextual() ? q.asText() : q.toString();
        return new ObservationMessage(datastream, time, result, resultJson, quality, null, null);
    }

    private static String stripSlash(String root) {
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
