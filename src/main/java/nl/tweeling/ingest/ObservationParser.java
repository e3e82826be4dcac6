package nl.tweeling.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
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
        return parseAll(bytes, 0, bytes.length, now);
    }

    /** {@link #parseAll(byte[], Instant)} on {@code length} bytes from {@code offset} (a Kafka record's value). */
    public List<ObservationMessage> parseAll(byte[] bytes, int offset, int length, Instant now) throws InvalidObservationException {
        ObservationMessage quick = quick(bytes, offset, length);
        if (quick != null) {
            return List.of(quick);
        }
        JsonNode node = readTree(bytes, offset, length);
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
     * The common message (a flat object with a datastream key, a time, a numeric result and perhaps a text
     * quality) read straight from the bytes, without a JSON parser or tree; null for anything else (other
     * value types, a location, unknown fields, escapes or non-ASCII text, errors), which
     * {@link #parse(JsonNode)} then handles, so both give the same answers. Allocates little more than the
     * message itself: this is the path of every Kafka message (docs/ingest.md, "Memory").
     */
    public ObservationMessage quick(byte[] bytes) {
        return quick(bytes, 0, bytes.length);
    }

    /** {@link #quick(byte[])} on {@code length} bytes from {@code offset}. */
    public ObservationMessage quick(byte[] b, int offset, int length) {
        int end = offset + length;
        String datastream = null;
        int timeFrom = -1;
        int timeTo = -1;
        double result = 0;
        boolean hasResult = false;
        String quality = null;
        int i = skipSpace(b, offset, end);
        if (i >= end || b[i] != '{') {
            return null;
        }
        i = skipSpace(b, i + 1, end);
        while (true) {
            if (i >= end || b[i] != '"') {
                return null;   // also an empty object: the tree path names what is missing
            }
            int nameFrom = i + 1;
            int nameTo = stringEnd(b, nameFrom, end);
            if (nameTo < 0) {
                return null;
            }
            i = skipSpace(b, nameTo + 1, end);
            if (i >= end || b[i] != ':') {
                return null;
            }
            i = skipSpace(b, i + 1, end);
            if (i >= end) {
                return null;
            }
            int field = field(b, nameFrom, nameTo);
            if (field == RESULT) {
                int to = numberEnd(b, i, end);
                if (to < 0) {
                    return null;
                }
                result = toDouble(b, i, to);
                hasResult = true;
                i = to;
            } else if (field == QUALITY && isNull(b, i, end)) {
                quality = null;
                i += 4;
            } else if (field != UNKNOWN && b[i] == '"') {
                int from = i + 1;
                int to = stringEnd(b, from, end);
                if (to < 0) {
                    return null;
                }
                if (field == DATASTREAM) {
                    datastream = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
                } else if (field == TIME) {
                    timeFrom = from;
                    timeTo = to;
                } else {
                    quality = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
                }
                i = to + 1;
            } else {
                return null;
            }
            i = skipSpace(b, i, end);
            if (i >= end) {
                return null;
            }
            if (b[i] == ',') {
                i = skipSpace(b, i + 1, end);
            } else if (b[i] == '}') {
                break;
            } else {
                return null;
            }
        }
        if (skipSpace(b, i + 1, end) != end) {
            return null;   // trailing content
        }
        if (datastream == null || datastream.isBlank() || datastream.length() > 200 || timeFrom < 0 || !hasResult
                || !Double.isFinite(result)) {
            return null;
        }
        Instant t = utcSeconds(b, timeFrom, timeTo - timeFrom);
        if (t == null) {
            try {
                t = OffsetDateTime.parse(new String(b, timeFrom, timeTo - timeFrom, StandardCharsets.ISO_8859_1)).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return new ObservationMessage(datastream, t, result, null, quality, null, null);
    }

    private static final int UNKNOWN = 0;
    private static final int DATASTREAM = 1;
    private static final int TIME = 2;
    private static final int RESULT = 3;
    private static final int QUALITY = 4;
    private static final byte[][] FIELDS = {null, ascii("datastream"), ascii("phenomenonTime"), ascii("result"),
        ascii("resultQuality")};

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Which of the known fields the name in {@code [from, to)} is. */
    private static int field(byte[] b, int from, int to) {
        for (int f = 1; f < FIELDS.length; f++) {
            if (java.util.Arrays.equals(b, from, to, FIELDS[f], 0, FIELDS[f].length)) {
                return f;
            }
        }
        return UNKNOWN;
    }

    private static int skipSpace(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isNull(byte[] b, int i, int end) {
        return i + 4 <= end && b[i] == 'n' && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l';
    }

    /**
     * The index of the closing quote of a string that starts at {@code i}; -1 for an unterminated string, an
     * escape, a control character or a non-ASCII byte (the tree path decodes those).
     */
    private static int stringEnd(byte[] b, int i, int end) {
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c < 0x20) {   // a negative byte is non-ASCII
                return -1;
            }
        }
        return -1;
    }

    /** The end of a JSON number (RFC 8259 grammar) that starts at {@code i}; -1 when there is none. */
    static int numberEnd(byte[] b, int i, int end) {
        if (i < end && b[i] == '-') {
            i++;
        }
        if (i >= end || !digit(b[i])) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else {
            while (i < end && digit(b[i])) {
                i++;
            }
        }
        if (i < end && b[i] == '.') {
            i++;
            if (i >= end || !digit(b[i])) {
                return -1;
            }
            while (i < end && digit(b[i])) {
                i++;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            if (i >= end || !digit(b[i])) {
                return -1;
            }
            while (i < end && digit(b[i])) {
                i++;
            }
        }
        return i;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * The double a valid JSON number in {@code [from, to)} denotes, as the tree path reads it: an integer
     * token is converted from its integer value (so {@code -0} is 0.0), any other token correctly rounded.
     * Decimal significands up to 2^53 with a power of ten up to 22 are exact in a double, so one
     * multiplication or division rounds correctly; anything else goes to {@link Double#parseDouble}.
     */
    static double toDouble(byte[] b, int from, int to) {
        int i = from;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long m = 0;
        int digits = 0;
        int scale = 0;
        boolean integer = true;
        for (; i < to && digit(b[i]); i++) {
            m = m * 10 + (b[i] - '0');
            if (m != 0) {
                digits++;
            }
        }
        if (i < to && b[i] == '.') {
            integer = false;
            for (i++; i < to && digit(b[i]); i++) {
                m = m * 10 + (b[i] - '0');
                scale--;
                if (m != 0) {
                    digits++;
                }
            }
        }
        int exponent = 0;
        if (i < to) {   // an exponent
            integer = false;
            i++;
            boolean minus = b[i] == '-';
            if (b[i] == '+' || b[i] == '-') {
                i++;
            }
            if (to - i > 4) {
                return slowDouble(b, from, to);
            }
            for (; i < to; i++) {
                exponent = exponent * 10 + (b[i] - '0');
            }
            if (minus) {
                exponent = -exponent;
            }
        }
        if (digits > 18) {
            return slowDouble(b, from, to);
        }
        if (integer) {
            return negative ? -m : m;   // long to double rounds to nearest, as the tree path's LongNode does
        }
        int p = scale + exponent;
        double v;
        if (m == 0) {
            v = 0;
        } else if (m <= (1L << 53) && p >= 0 && p <= 22) {
            v = m * POWERS_OF_TEN[p];
        } else if (m <= (1L << 53) && p < 0 && p >= -22) {
            v = m / POWERS_OF_TEN[-p];
        } else {
            return slowDouble(b, from, to);
        }
        return negative ? -v : v;
    }

    private static double slowDouble(byte[] b, int from, int to) {
        return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /**
     * The most common time form, {@code yyyy-MM-ddTHH:mm:ssZ}, read without a formatter; null for anything
     * else (then {@link OffsetDateTime#parse} decides, also on invalid dates).
     */
    static Instant utcSeconds(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return utcSeconds(b, 0, b.length);
    }

    private static final int[] MONTH_DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    static Instant utcSeconds(byte[] b, int from, int length) {
        if (length != 20 || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T' || b[from + 13] != ':'
                || b[from + 16] != ':' || b[from + 19] != 'Z') {
            return null;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        if (day > MONTH_DAYS[month - 1] + (month == 2 && leap ? 1 : 0)) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second);
    }

    /** Days from 1970-01-01 to a valid proleptic Gregorian date (the civil-from-days algorithm reversed). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int digits(byte[] b, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            byte ch = b[i];
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private JsonNode readTree(byte[] bytes) throws InvalidObservationException {
        return readTree(bytes, 0, bytes.length);
    }

    private JsonNode readTree(byte[] bytes, int offset, int length) throws InvalidObservationException {
        try {
            return json.readTree(bytes, offset, length);
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
