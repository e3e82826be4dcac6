package nl.tweeling.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import nl.tweeling.platform.TweelingConfig;

/** The tweeling.mqtt settings: defaults without any key (MQTT off, no mappings), and a declared mapping list. */
class MqttConfigTest {

    static TweelingConfig.Mqtt mqtt(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TweelingConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(TweelingConfig.class).mqtt();
    }

    @Test
    void defaultsNeedNoKeys() {
        TweelingConfig.Mqtt m = mqtt(Map.of());
        assertFalse(m.enabled());
        assertEquals(1883, m.port());
        assertEquals("tweeling", m.clientId());
        assertTrue(m.mappings().isEmpty());
        assertTrue(m.username().isEmpty());
    }

    @Test
    void mappingsAreDeclarative() {
        TweelingConfig.Mqtt m = mqtt(Map.of(
                "tweeling.mqtt.mappings[0].topic", "ttn/+/devices/+/up",
                "tweeling.mqtt.mappings[0].format", "ttn",
                "tweeling.mqtt.mappings[0].fields", "waterEC,waterTemperature",
                "tweeling.mqtt.mappings[1].topic", "zwolle/#"));
        assertEquals(2, m.mappings().size());
        assertEquals("ttn-{dev_id}-{field}", m.mappings().get(0).datastream());
        assertEquals(List.of("waterEC", "waterTemperature"), m.mappings().get(0).fields().orElseThrow());
        assertEquals("tweeling", m.mappings().get(1).format());
        List<TopicMapping> built = MqttSubscriber.mappings(m);
        assertEquals(TopicMapping.Format.TTN, built.get(0).format());
    }
}
