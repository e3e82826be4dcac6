package nl.tweeling.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** publiccode.yml is valid YAML with the fields the Standard for Public Code asks for, and names LICENSE's licence. */
class PublicCodeTest {

    @Test
    void publiccodeYmlNamesTheLicenceOfLicenseAndTheRequiredFields() throws IOException {
        JsonNode code = new ObjectMapper(new YAMLFactory()).readTree(Path.of("publiccode.yml").toFile());
        String licence = Files.readString(Path.of("LICENSE"), StandardCharsets.UTF_8);
        assertTrue(licence.startsWith("EUROPEAN UNION PUBLIC LICENCE v. 1.2"), "LICENSE is the EUPL 1.2");
        assertEquals("EUPL-1.2", code.at("/legal/license").asText());

        List<String> missing = new ArrayList<>();
        for (String field : List.of("/publiccodeYmlVersion", "/name", "/url", "/platforms", "/categories",
                "/developmentStatus", "/softwareType", "/description/nl/shortDescription",
                "/description/nl/longDescription", "/description/en/shortDescription", "/description/en/longDescription",
                "/maintenance/type", "/localisation/localisationReady", "/localisation/availableLanguages")) {
            if (code.at(field).isMissingNode() || code.at(field).isNull()) {
                missing.add(field);
            }
        }
        assertEquals(List.of(), missing);
        assertEquals("0.4", code.at("/publiccodeYmlVersion").asText());
        for (String lang : List.of("nl", "en")) {
            assertTrue(code.at("/description/" + lang + "/shortDescription").asText().length() <= 150, lang);
            int longLength = code.at("/description/" + lang + "/longDescription").asText().length();
            assertTrue(longLength >= 150 && longLength <= 10000, lang + ": " + longLength);
        }
        List<String> dependencies = new ArrayList<>();
        code.at("/dependsOn/open").forEach(d -> dependencies.add(d.get("name").asText()));
        assertTrue(dependencies.containsAll(List.of("PostgreSQL", "PostGIS", "Apache Kafka", "GDAL")), dependencies.toString());
    }
}
