package nl.tweeling.ingest.mqtt;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import nl.tweeling.ingest.InvalidObservationException;
import nl.tweeling.ingest.ObservationMessage;

/**
 * Turns one The Things Network uplink (v2 {@code payload_fields}, or v3 {@code uplink_message.decoded_payload})
 * into observations: one per numeric payload field (or per field of the allow-list), its datastream key made
 * from a template such as {@code ttn-{dev_id}-{field}}.
 * <ul>
 * <li>Template placeholders: {@code {app_id}}, {@code {dev_id}}, {@code {field}} and {@code {topic.N}}, the
 * N-th level (from 0) of the MQTT topic.</li>
 * <li>Time: {@code metadata.time} (v2) or {@code received_at} (v3); else a numeric payload field
 * {@code timestamp} (epoch seconds, or milliseconds when above 10^11); else the time the message arrived.</li>
 * <li>Location (optional): {@code metadata.latitude/longitude}; else payload fields named lat/latitude and
 * lon/lng/longitude (any case). 0,0 (no GPS fix) counts as no location.</li>
 * </ul>
 * Pure and thread-safe: no I/O, no catalog look-ups.
 */
public final class TtnUplinkMapper {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+|topic\\.[0-9]+)}");
    private static final Set<String> LAT = Set.of("lat", "latitude");
    private static final Set<String> LON = Set.of("lon", "lng", "long", "longitude");

    private final String template;
    private final Set<String> fields;

    /**
     * @param template datastream key template
     * @param fields   payload fields to map; empty means every numeric field
     * @throws IllegalArgumentException when the template names an unknown placeholder or no {@code {field}}
     */
    public TtnUplinkMapper(String template, Set<String> fields) {
        Matcher m = PLACEHOLDER.matcher(template);
        boolean hasField = false;
        while (m.find()) {
            String name = m.group(1);
            if (!name.startsWith("topic.") && !Set.of("app_id", "dev_id", "field").contains(name)) {
                throw new IllegalArgumentException("unknown placeholder {" + name + "} in datastream template " + template
                        + " (known: {app_id}, {dev_id}, {field}, {topic.N})");
            }
            hasField |= name.equals("field");
        }
        if (!hasField) {
            throw new IllegalArgumentException("datastream template " + template + " must contain {field}");
        }
        this.template = template;
        this.fields = Set.copyOf(fields);
    }

    /** The observations of one uplink, in payload-field order. */
    public List<ObservationMessage> map(JsonNode uplink, String mqttTopic, Instant received) throws InvalidObservationException {
        if (uplink == null || !uplink.isObject()) {
            throw new InvalidObservationException("a TTN uplink must be a JSON object");
        }
        boolean v3 = uplink.has("end_device_ids");
        String devId = text(v3 ? uplink.path("end_device_ids").get("device_id") : uplink.get("dev_id"));
        String appId = text(v3 ? uplink.path("end_device_ids").path("application_ids").get("application_id") : uplink.get("app_id"));
        if (devId == null) {
            throw new InvalidObservationException("TTN uplink without dev_id (end_device_ids.device_id in v3)");
        }
        JsonNode payload = v3 ? uplink.path("uplink_message").get("decoded_payload") : uplink.get("payload_fields");
        if (payload == null || !payload.isObject()) {
            throw new InvalidObservationException("TTN uplink of " + devId + " has no decoded payload (payload_fields)");
        }
        Instant time = time(uplink, payload, v3, received);
        Double[] lonLat = location(uplink.path("metadata"), payload);
        String[] levels = mqttTopic.split("/", -1);
        List<ObservationMessage> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = payload.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isNumber() || (!fields.isEmpty() && !fields.contains(f.getKey()))) {
                continue;
            }
            double v = f.getValue().asDouble();
            if (!Double.isFinite(v)) {
                continue;
            }
            String key = expand(appId, devId, f.getKey(), levels);
            out.add(new ObservationMessage(key, time, v, null, null, lonLat[0], lonLat[1]));
        }
        if (out.isEmpty()) {
            throw new InvalidObservationException("TTN uplink of " + devId + " has no numeric payload field"
                    + (fields.isEmpty() ? "" : " among " + new java.util.TreeSet<>(fields)));
        }
        return out;
    }

    private String expand(String appId, String devId, String field, String[] levels) throws InvalidObservationException {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (name.equals("app_id")) {
                value = appId;
            } else if (name.equals("dev_id")) {
                value = devId;
            } else if (name.equals("field")) {
                value = field;
            } else {
                int n = Integer.parseInt(name.substring("topic.".length()));
                value = n < levels.length ? levels[n] : null;
            }
            if (value == null || value.isEmpty()) {
                throw new InvalidObservationException("datastream template " + template + ": {" + name + "} has no value");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Instant time(JsonNode uplink, JsonNode payload, boolean v3, Instant received) throws InvalidObservationException {
        JsonNode t = v3 ? uplink.get("received_at") : uplink.path("metadata").get("time");
        if (t != null && t.isTextual()) {
            try {
                return OffsetDateTime.parse(t.asText()).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidObservationException("TTN uplink time " + t.asText() + " is not an RFC 3339 date-time");
            }
        }
        JsonNode ts = payload.get("timestamp");
        if (ts != null && ts.isNumber() && ts.asDouble() > 0) {
            long n = ts.asLong();
            return n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        }
        return received;
    }

    private static Double[] location(JsonNode metadata, JsonNode payload) {
        Double lat = number(metadata.get("latitude"));
        Double lon = number(metadata.get("longitude"));
        if (lat == null || lon == null) {
            lat = null;
            lon = null;
            Iterator<Map.Entry<String, JsonNode>> it = payload.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                String name = f.getKey().toLowerCase(java.util.Locale.ROOT);
                if (LAT.contains(name)) {
                    lat = number(f.getValue());
                } else if (LON.contains(name)) {
                    lon = number(f.getValue());
                }
            }
        }
        if (lat == null || lon == null || (lat == 0 && lon == 0)) {
            return new Double[] {null, null};
        }
        return new Double[] {lon, lat};
    }

    private static Double number(JsonNode n) {
        return n != null && n.isNumber() && Double.isFinite(n.asDouble()) ? n.asDouble() : null;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        String s = n.isTextual() ? n.asText() : n.toString();
        return s.isBlank() ? null : s;
    }
}
