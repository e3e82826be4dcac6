package nl.tweeling.ingest.mqtt;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.ingest.InvalidObservationException;
import nl.tweeling.ingest.ObservationMessage;
import nl.tweeling.ingest.ObservationParser;

/**
 * One subscription and how its payloads become observations ({@code tweeling.mqtt.mappings[i]}).
 * Pure and thread-safe.
 *
 * @param topic  MQTT topic filter, subscribed with QoS 1
 * @param format payload format
 * @param ttn    the TTN mapper ({@link Format#TTN} only), else null
 */
public record TopicMapping(String topic, Format format, TtnUplinkMapper ttn) {

    /** Payload formats. */
    public enum Format {
        /** A The Things Network uplink: one observation per numeric payload field. */
        TTN,
        /** Tweeling observation JSON (one object) or a SenML pack. */
        TWEELING,
        /** A SenML pack (JSON); parsed the same way as {@link #TWEELING}. */
        SENML;

        static Format of(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown MQTT payload format " + s + " (ttn, tweeling or senml)");
            }
        }
    }

    /**
     * A mapping from its settings.
     *
     * @throws IllegalArgumentException for an unknown format or a bad datastream template
     */
    public static TopicMapping of(String topic, String format, String datastream, Set<String> fields) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("an MQTT mapping needs a topic");
        }
        Format f = Format.of(format);
        return new TopicMapping(topic, f, f == Format.TTN ? new TtnUplinkMapper(datastream, fields) : null);
    }

    /** The first mapping whose topic filter matches {@code topic}, or null. */
    public static TopicMapping find(List<TopicMapping> mappings, String topic) {
        for (TopicMapping m : mappings) {
            if (TopicFilter.matches(m.topic(), topic)) {
                return m;
            }
        }
        return null;
    }

    /** The observations of one payload received on {@code mqttTopic} at {@code now}. */
    public List<ObservationMessage> map(ObservationParser parser, ObjectMapper json, String mqttTopic, byte[] payload,
            Instant now) throws InvalidObservationException {
        if (format == Format.TTN) {
            try {
                return ttn.map(json.readTree(payload), mqttTopic, now);
            } catch (JsonProcessingException e) {
                throw new InvalidObservationException("malformed JSON" + (e.getLocation() == null ? ""
                        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
            } catch (java.io.IOException e) {
                throw new InvalidObservationException("unreadable message");
            }
        }
        return parser.parseAll(payload, now);
    }
}
