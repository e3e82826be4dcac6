package nl.tweeling.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.ingest.InvalidObservationException;
import nl.tweeling.ingest.ObservationMessage;
import nl.tweeling.support.RealData;

/** TTN uplinks → observations, on the real Sensemakers Amsterdam uplinks (65 concatenated JSON objects). */
class TtnUplinkMapperTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant RECEIVED = Instant.parse("2026-11-28T12:00:00Z");
    static final Set<String> FIELDS = Set.of("waterEC", "waterTemperature", "temp", "hum");

    /** The real uplinks, in file order. */
    static List<JsonNode> realUplinks() throws IOException {
        Path file = RealData.file("sensorthings/ttn_mqtt_uplinks_sensemakers_ams.json");
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void everyRealUplinkMapsToItsAllowedFields() throws Exception {
        List<JsonNode> uplinks = realUplinks();
        assertEquals(65, uplinks.size());
        TtnUplinkMapper mapper = new TtnUplinkMapper("ttn-{dev_id}-{field}", FIELDS);
        int total = 0;
        for (JsonNode u : uplinks) {
            List<ObservationMessage> obs = mapper.map(u, "ttn/x/devices/y/up", RECEIVED);
            assertEquals(2, obs.size(), u.toString());
            total += obs.size();
        }
        assertEquals(130, total);
    }

    @Test
    void firstRealUplinkHasPayloadTimeAndLocation() throws Exception {
        JsonNode first = realUplinks().get(0);
        List<ObservationMessage> obs = new TtnUplinkMapper("ttn-{dev_id}-{field}", FIELDS).map(first, "t", RECEIVED);
        ObservationMessage ec = obs.get(0);
        assertEquals("ttn-357518080168982-waterEC", ec.datastream());
        assertEquals(294.0, ec.result());
        assertEquals(Instant.parse("2019-10-29T12:10:09Z"), ec.phenomenonTime());
        assertEquals(5.1747002, ec.lon());
        assertEquals(52.2261655, ec.lat());
        assertEquals("ttn-357518080168982-waterTemperature", obs.get(1).datastream());
        assertEquals(14.39, obs.get(1).result());
    }

    @Test
    void withoutAllowListEveryNumericFieldBecomesAnObservation() throws Exception {
        List<ObservationMessage> obs = new TtnUplinkMapper("ttn-{dev_id}-{field}", Set.of())
                .map(realUplinks().get(0), "t", RECEIVED);
        assertEquals(15, obs.size());
        assertEquals("ttn-357518080168982-imei", obs.get(0).datastream());
    }

    @Test
    void uplinkWithoutTimeTakesTheReceiveTimeAndNoLocation() throws Exception {
        JsonNode won = realUplinks().get(2);
        assertEquals("SMA-A42987", won.get("dev_id").asText());
        List<ObservationMessage> obs = new TtnUplinkMapper("{app_id}-{topic.2}-{dev_id}-{field}", FIELDS)
                .map(won, "test/ttn/run7/devices/SMA-A42987/up", RECEIVED);
        assertEquals("WON-run7-SMA-A42987-hum", obs.get(0).datastream());
        assertEquals(48.0, obs.get(0).result());
        assertEquals("WON-run7-SMA-A42987-temp", obs.get(1).datastream());
        assertEquals(22.0, obs.get(1).result());
        assertEquals(RECEIVED, obs.get(0).phenomenonTime());
        assertNull(obs.get(0).lon());
    }

    @Test
    void realUplinkWithoutGpsHasNoLocation() throws Exception {
        JsonNode noGps = realUplinks().stream().filter(u -> u.path("dev_id").asText().equals("357518080163249"))
                .findFirst().orElseThrow();
        ObservationMessage m = new TtnUplinkMapper("ttn-{dev_id}-{field}", FIELDS).map(noGps, "t", RECEIVED).get(0);
        assertNull(m.lon());
        assertEquals(829.0, m.result());
        assertEquals(Instant.ofEpochSecond(1572351092), m.phenomenonTime());
    }

    @Test
    void ttnV2MetadataGivesTimeAndLocation() throws Exception {
        JsonNode u = JSON.readTree("{\"app_id\":\"a\",\"dev_id\":\"d\",\"payload_fields\":{\"pm10\":12.5,\"label\":\"x\"},"
                + "\"metadata\":{\"time\":\"2026-03-01T10:00:00.123456789Z\",\"latitude\":52.51,\"longitude\":6.09}}");
        List<ObservationMessage> obs = new TtnUplinkMapper("ttn-{dev_id}-{field}", Set.of()).map(u, "t", RECEIVED);
        assertEquals(1, obs.size());
        assertEquals(Instant.parse("2026-03-01T10:00:00.123456789Z"), obs.get(0).phenomenonTime());
        assertEquals(6.09, obs.get(0).lon());
        assertEquals(52.51, obs.get(0).lat());
    }

    @Test
    void ttnV3UplinkIsUnderstood() throws Exception {
        JsonNode u = JSON.readTree("{\"end_device_ids\":{\"device_id\":\"dev-1\",\"application_ids\":{\"application_id\":\"app\"}},"
                + "\"received_at\":\"2026-03-01T10:00:00Z\",\"uplink_message\":{\"decoded_payload\":{\"temperature\":7.5}}}");
        List<ObservationMessage> obs = new TtnUplinkMapper("{app_id}-{dev_id}-{field}", Set.of()).map(u, "t", RECEIVED);
        assertEquals("app-dev-1-temperature", obs.get(0).datastream());
        assertEquals(7.5, obs.get(0).result());
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), obs.get(0).phenomenonTime());
    }

    @Test
    void unusableUplinksAreRejectedWithAReason() throws Exception {
        TtnUplinkMapper mapper = new TtnUplinkMapper("ttn-{dev_id}-{field}", FIELDS);
        assertTrue(assertThrows(InvalidObservationException.class, () -> mapper.map(JSON.readTree("[]"), "t", RECEIVED))
                .getMessage().contains("JSON object"));
        assertTrue(assertThrows(InvalidObservationException.class,
                () -> mapper.map(JSON.readTree("{\"payload_fields\":{\"temp\":1}}"), "t", RECEIVED)).getMessage().contains("dev_id"));
        assertTrue(assertThrows(InvalidObservationException.class,
                () -> mapper.map(JSON.readTree("{\"dev_id\":\"d\",\"payload_fields\":{\"x\":1}}"), "t", RECEIVED))
                .getMessage().contains("no numeric payload field"));
        assertTrue(assertThrows(InvalidObservationException.class,
                () -> new TtnUplinkMapper("{topic.9}-{field}", Set.of()).map(JSON.readTree("{\"dev_id\":\"d\",\"payload_fields\":{\"x\":1}}"), "a/b", RECEIVED))
                .getMessage().contains("{topic.9}"));
    }

    @Test
    void badTemplatesFailAtConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new TtnUplinkMapper("ttn-{device}-{field}", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new TtnUplinkMapper("ttn-{dev_id}", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> TopicMapping.of("a/#", "xml", "x-{field}", Set.of()));
    }

    @Test
    void topicFiltersMatchAsMqttDoes() {
        assertTrue(TopicFilter.matches("ttn/+/devices/+/up", "ttn/app/devices/dev/up"));
        assertTrue(!TopicFilter.matches("ttn/+/devices/+/up", "ttn/app/devices/dev/down"));
        assertTrue(!TopicFilter.matches("ttn/+/devices/+/up", "ttn/app/devices/up"));
        assertTrue(TopicFilter.matches("a/#", "a"));
        assertTrue(TopicFilter.matches("a/#", "a/b/c"));
        assertTrue(TopicFilter.matches("#", "x/y"));
        assertTrue(!TopicFilter.matches("a/+", "a/b/c"));
        assertTrue(TopicFilter.matches("$share/tweeling/ttn/#", "ttn/x"));
        List<TopicMapping> ms = List.of(TopicMapping.of("test/ttn/+/devices/+/up", "ttn", "ttn-{dev_id}-{field}", Set.of()),
                TopicMapping.of("test/#", "tweeling", "", Set.of()));
        assertEquals(TopicMapping.Format.TTN, TopicMapping.find(ms, "test/ttn/r/devices/d/up").format());
        assertEquals(TopicMapping.Format.TWEELING, TopicMapping.find(ms, "test/other").format());
        assertNull(TopicMapping.find(ms, "other"));
    }
}
