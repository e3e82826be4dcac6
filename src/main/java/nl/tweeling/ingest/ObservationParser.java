package nl.tweeling.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses Tweeling observation JSON (and, through {@link SenmlParser}, SenML packs):
 * <pre>{"datastream": "zwolle-air-01-no2", "phenomenonTime": "2026-11-28T10:00:00Z", "result": 23.4,
 *  "resultQuality": "validated", "location": {"type": "Point", "coordinates": [6.09, 52.51]}}</pre>
 * {@code datastream} is a key or a numeric id; {@code result} a number or any other JSON value.
 * Pure and thread-safe: no I/O, no catalog look-ups (see {@link IngestService} for those).
 */
public final class ObservationParser {

    private final ObjectMapper json;

    public ObservationParser(ObjectMapper json) {
        this.json = json;
    }

    /** Parses one message's bytes. */
    public ObservationMessage parse(byte[] bytes) throws InvalidObservationException {
        return parse(readTree(bytes));
    }

    /**
     * Parses one message: a Tweeling observation object, or a SenML pack (a JSON array) holding any number
     * of observations. Times in a SenML pack may be relative to {@code now}.
     */
    public List<ObservationMessage> parseAll(byte[] bytes, Instant now) throws InvalidObservationException {
        ObservationMessage quick = quick(bytes);
        if (quick != null) {
            return List.of(quick);
        }
        JsonNode node = readTree(bytes);
        if (node != null && node.isArray()) {
            if (!SenmlParser.isPack(node)) {
                throw new InvalidObservationException("an array message must be a SenML pack");
            }
            return SenmlParser.parse(node, now);
        }
        return List.of(parse(node));
    }

    /** An observation as Tweeling observation JSON (the form produced to Kafka). */
    public byte[] toJson(ObservationMessage m) {
        ObjectNode o = json.createObjectNode();
        o.put("datastream", m.datastream());
        o.put("phenomenonTime", m.phenomenonTime().toString());
        if (m.result() != null) {
            o.put("result", m.result());
        } else {
            try {
                o.set("result", json.readTree(m.resultJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (m.quality() != null) {
            o.put("resultQuality", m.quality());
        }
        if (m.lon() != null) {
            ObjectNode loc = o.putObject("location");
            loc.put("type", "Point");
            loc.putArray("coordinates").add(m.lon()).add(m.lat());
        }
        try {
            return json.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The common message (a flat object with a datastream, a time, a numeric result and perhaps a text
     * quality) read with the streaming parser, without building a tree; null for anything else (other
     * result types, a location, unknown fields, errors), which {@link #parse(JsonNode)} then handles, so both
     * give the same answers.
     */
    public ObservationMessage quick(byte[] bytes) {
        String datastream = null;
        String time = null;
        Double result = null;
        String quality = null;
        try (JsonParser p = json.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "datastream" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        datastream = p.getText();
                    }
                    case "phenomenonTime" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        time = p.getText();
                    }
                    case "result" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                            return null;
                        }
                        result = p.getValueAsDouble();
                    }
                    case "resultQuality" -> {
                        if (v == JsonToken.VALUE_NULL) {
                            quality = null;
                        } else if (v == JsonToken.VALUE_STRING) {
                            quality = p.getText();
                        } else {
                            return null;
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (java.io.IOException e) {
            return null;
        }
        if (datastream == null || datastream.isBlank() || datastream.length() > 200 || time == null || result == null
                || !Double.isFinite(result)) {
            return null;
        }
        try {
            Instant t = utcSeconds(time);
            return new ObservationMessage(datastream, t != null ? t : OffsetDateTime.parse(time).toInstant(), result, null,
                    quality, null, null);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The most common time form, {@code yyyy-MM-ddTHH:mm:ssZ}, read without a formatter; null for anything
     * else (then {@link OffsetDateTime#parse} decides, also on invalid dates).
     */
    static Instant utcSeconds(String s) {
        if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;   // days 29 to 31 depend on the month: left to the formatter
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600 + minute * 60 + second);
    }

    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private JsonNode readTree(byte[] bytes) throws InvalidObservationException {
        try {
            return json.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidObservationException("malformed JSON" + where);
        } catch (java.io.IOException e) {
            throw new InvalidObservationException("unreadable message");
        }
    }

    /** Parses one observation object. */
    public ObservationMessage parse(JsonNode node) throws InvalidObservationException {
        if (node == null || !node.isObject()) {
            throw new InvalidObservationException("an observation must be a JSON object");
        }
        JsonNode ds = node.get("datastream");
        String datastream;
        if (ds != null && ds.isTextual() && !ds.asText().isBlank() && ds.asText().length() <= 200) {
            datastream = ds.asText();
        } else if (ds != null && ds.canConvertToLong() && ds.isIntegralNumber()) {
            datastream = Long.toString(ds.asLong());
        } else {
            throw new InvalidObservationException("datastream is missing (give its key or numeric id)");
        }
        JsonNode time = node.get("phenomenonTime");
        if (time == null || !time.isTextual()) {
            throw new InvalidObservationException("phenomenonTime is missing (an RFC 3339 date-time)");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(time.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidObservationException("phenomenonTime is not an RFC 3339 date-time with offset");
        }
        JsonNode r = node.get("result");
        if (r == null || r.isNull()) {
            throw new InvalidObservationException("result is missing");
        }
        Double result = null;
        String resultJson = null;
        if (r.isNumber()) {
            result = r.asDouble();
            if (!Double.isFinite(result)) {
                throw new InvalidObservationException("result is not a finite number");
            }
        } else {
            resultJson = r.toString();
        }
        JsonNode q = node.get("resultQuality");
        String quality = q == null || q.isNull() ? null : (q.isTextual() ? q.asText() : q.toString());
        Double lon = null;
        Double lat = null;
        JsonNode loc = node.get("location");
        if (loc != null && !loc.isNull()) {
            JsonNode c = loc.get("coordinates");
            if (!"Point".equals(loc.path("type").asText()) || c == null || !c.isArray() || c.size() < 2
                    || !c.get(0).isNumber() || !c.get(1).isNumber()) {
                throw new InvalidObservationException("location must be a GeoJSON Point with [lon, lat]");
            }
            lon = c.get(0).asDouble();
            lat = c.get(1).asDouble();
        }
        return new ObservationMessage(datastream, t, result, resultJson, quality, lon, lat);
    }
}
