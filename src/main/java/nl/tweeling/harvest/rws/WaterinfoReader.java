package nl.tweeling.harvest.rws;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.harvest.MalformedSourceException;
import nl.tweeling.harvest.ObservationReader;
import nl.tweeling.harvest.Reading;
import nl.tweeling.harvest.ReadingSink;
import nl.tweeling.harvest.SourceStream;
import nl.tweeling.harvest.SourceThing;

/**
 * Rijkswaterstaat waterinfo graph JSON ({@code {"t0": ..., "series": [{"unit": "cm", "isPrediction": false,
 * "meta": {"locationName": ...}, "data": [{"dateTime": "2024-11-22T16:10:00Z", "value": 78.0}]}]}}): water
 * levels in cm relative to NAP at UTC instants (the {@code Z} times are kept as they are).
 *
 * <p>Measured series ({@code isPrediction: false}) become datastream {@code rws-<location>-water-level}. Forecast
 * series are skipped unless {@code forecasts} is on; then they go to a separate datastream
 * {@code rws-<location>-water-level-forecast}, so a forecast never overwrites or mixes with a measurement (a
 * later forecast for the same instant replaces the earlier one as a correction). A series in another unit
 * than cm is refused. A null value is missing. The source offset is the value's position in the document
 * (1-based, over all series). Thread-safe.
 */
public final class WaterinfoReader implements ObservationReader {

    private final ObjectMapper json = new ObjectMapper();
    private final String location;
    private final Double lon;
    private final Double lat;
    private final boolean forecasts;

    /**
     * @param location  location code for the keys (e.g. {@code katv}); null: from the series' locationName
     * @param forecasts also read forecast series (into their own datastream)
     */
    public WaterinfoReader(String location, Double lon, Double lat, boolean forecasts) {
        this.location = location;
        this.lon = lon;
        this.lat = lat;
        this.forecasts = forecasts;
    }

    @Override
    public void read(InputStream body, ReadingSink sink) throws IOException, MalformedSourceException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedSourceException("not JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        }
        if (root == null || !root.path("series").isArray()) {
            throw new MalformedSourceException("no 'series' array: not a waterinfo graph document");
        }
        long position = 0;
        for (JsonNode series : root.path("series")) {
            boolean prediction = series.path("isPrediction").asBoolean(false);
            String unit = series.path("unit").asText("");
            String locationName = series.path("meta").path("locationName").asText("");
            if (prediction && !forecasts) {
                position += series.path("data").size();
                continue;
            }
            if (!unit.equals("cm")) {
                throw new MalformedSourceException("series at " + locationName + " is in '" + unit + "', expected cm");
            }
            String code = location != null ? location : locationName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
            if (code.isEmpty()) {
                throw new MalformedSourceException("a series has no meta.locationName; set the harvester option location");
            }
            SourceThing thing = new SourceThing("rws-" + code, "Rijkswaterstaat " + (locationName.isEmpty() ? code : locationName),
                    "Rijkswaterstaat water level station " + code, lon, lat);
            SourceStream stream = new SourceStream("rws-" + code + "-water-level" + (prediction ? "-forecast" : ""), thing,
                    "water_level", thing.name() + (prediction ? " water level forecast" : " water level"),
                    series.path("meta").path("parameterName").asText(""));
            for (JsonNode v : series.path("data")) {
                position++;
                JsonNode value = v.get("value");
                if (value == null || value.isNull()) {
                    sink.missing(position);
                    continue;
                }
                if (!value.isNumber()) {
                    sink.rejected(position, "value " + value + " at " + v.path("dateTime").asText() + " is not a number");
                    continue;
                }
                Instant at;
                try {
                    at = Instant.parse(v.path("dateTime").asText());
                } catch (DateTimeParseException e) {
                    sink.rejected(position, "dateTime '" + v.path("dateTime").asText() + "' is not an ISO instant with offset");
                    continue;
                }
                sink.reading(new Reading(stream, at, value.asDouble(), position));
            }
        }
    }
}
