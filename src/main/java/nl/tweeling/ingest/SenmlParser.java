package nl.tweeling.ingest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parses a SenML pack (RFC 8428, JSON) into observations. The record's full name (base name + name)
 * names the datastream key; its time is base time + time in seconds since the epoch, or relative to now
 * when below 2^28 (RFC 8428 §4.5.3); the value is {@code v} (+ base value), or {@code vs}/{@code vb}/{@code vd}
 * as a non-numeric result. Pure and thread-safe.
 */
public final class SenmlParser {

    /** Times below this many seconds are relative to now (RFC 8428 §4.5.3). */
    static final BigDecimal RELATIVE_LIMIT = BigDecimal.valueOf(268_435_456L);

    /**
     * Times (in seconds, absolute or relative) beyond this magnitude are refused before any arithmetic: about
     * 31,700 years, far beyond what IngestService accepts (1800 to 24 h ahead) and what an Instant holds.
     */
    static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(1_000_000_000_000L);

    private SenmlParser() {
    }

    /** True when {@code node} looks like a SenML pack: an array of objects with SenML fields. */
    public static boolean isPack(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty() || !node.get(0).isObject()) {
            return false;
        }
        JsonNode first = node.get(0);
        return first.has("bn") || first.has("n") || first.has("bt") || first.has("v") || first.has("vs");
    }

    /** The observations of a pack, in record order. */
    public static List<ObservationMessage> parse(JsonNode pack, Instant now) throws InvalidObservationException {
        if (pack == null || !pack.isArray()) {
            throw new InvalidObservationException("a SenML pack must be a JSON array of records");
        }
        List<ObservationMessage> out = new ArrayList<>(pack.size());
        String baseName = "";
        BigDecimal baseTime = BigDecimal.ZERO;
        double baseValue = 0;
        for (int i = 0; i < pack.size(); i++) {
            JsonNode r = pack.get(i);
            if (!r.isObject()) {
                throw new InvalidObservationException("SenML record " + i + " is not an object");
            }
            if (r.has("bn")) {
                baseName = text(r, "bn", i);
            }
            if (r.has("bt")) {
                baseTime = decimal(r, "bt", i);
            }
            if (r.has("bv")) {
                baseValue = number(r, "bv", i);
            }
            String name = baseName + (r.has("n") ? text(r, "n", i) : "");
            if (name.isEmpty()) {
                throw new InvalidObservationException("SenML record " + i + " has no name (bn or n): it names the datastream");
            }
            BigDecimal t = r.has("t") ? baseTime.add(decimal(r, "t", i)) : baseTime;
            Instant time = t.compareTo(RELATIVE_LIMIT) < 0 ? plus(now, t, i) : plus(Instant.EPOCH, t, i);
            Double value = null;
            String json = null;
            if (r.has("v")) {
                value = baseValue + number(r, "v", i);
            } else if (r.has("vs")) {
                json = r.get("vs").toString();
            } else if (r.has("vb")) {
                json = r.get("vb").toString();
            } else if (r.has("vd")) {
                json = r.get("vd").toString();
            } else if (r.has("s")) {
                value = number(r, "s", i);
            } else {
                throw new InvalidObservationException("SenML record " + i + " has no value (v, vs, vb, vd or s)");
            }
            out.add(new ObservationMessage(name, time, value, json, null, null, null));
        }
        return out;
    }

    private static String text(JsonNode r, String field, int i) throws InvalidObservationException {
        JsonNode n = r.get(field);
        if (!n.isTextual()) {
            throw new InvalidObservationException("SenML record " + i + ": " + field + " must be a string");
        }
        return n.asText();
    }

    /**
     * {@code from} plus {@code seconds}, exact to the nanosecond (a time is never squeezed into a long, which
     * would wrap around: 20208705273.709551616 came out as 2025); out of range is an invalid record.
     */
    private static Instant plus(Instant from, BigDecimal seconds, int i) throws InvalidObservationException {
        if (seconds.abs().compareTo(MAX_SECONDS) > 0) {
            throw new InvalidObservationException("SenML record " + i + ": time " + abbreviate(seconds.toString())
                    + " s is out of range");
        }
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        return from.plusSeconds(whole.longValueExact()).plusNanos(nanos);
    }

    /** A number field as its exact decimal (a time keeps every digit sent). */
    private static BigDecimal decimal(JsonNode r, String field, int i) throws InvalidObservationException {
        number(r, field, i);
        return r.get(field).decimalValue();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static double number(JsonNode r, String field, int i) throws InvalidObservationException {
        JsonNode n = r.get(field);
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw new InvalidObservationException("SenML record " + i + ": " + field + " must be a number");
        }
        return n.asDouble();
    }
}
