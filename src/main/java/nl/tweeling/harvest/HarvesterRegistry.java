package nl.tweeling.harvest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * All harvesters: those of the configuration file ({@code tweeling.harvest.config}, read once at startup; a
 * broken file stops the start with a message naming the problem) and those registered through the API (stored
 * in {@code tweeling.harvester}, so every instance sees them). Ids are unique across both.
 */
@ApplicationScoped
public class HarvesterRegistry {

    private static final Logger LOG = Logger.getLogger(HarvesterRegistry.class);
    static final Pattern ID = Pattern.compile("^[a-z][a-z0-9_-]{0,62}$");
    private static final Pattern SHORT = Pattern.compile("^(\\d+)\\s*(s|m|min|h|d)$");

    @Inject
    HarvestConfig config;

    @Inject
    HarvestRepository repository;

    @Inject
    HarvesterTypes types;

    @Inject
    ObjectMapper json;

    private volatile List<HarvesterDefinition> fromFile = List.of();

    void onStart(@Observes StartupEvent ev) {
        config.config().ifPresent(file -> {
            fromFile = load(Path.of(file));
            LOG.infof("harvest: %d harvesters configured in %s", fromFile.size(), file);
        });
    }

    /** Reads a configuration file; IllegalStateException with the reason when it is not valid. */
    List<HarvesterDefinition> load(Path file) {
        JsonNode root;
        try {
            root = json.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("harvest configuration " + file + " is not JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new IllegalStateException("harvest configuration " + file + " cannot be read: " + e.getMessage()
                    + "; fix tweeling.harvest.config (TWEELING_HARVEST_CONFIG)");
        }
        if (root == null || !root.path("harvesters").isArray()) {
            throw new IllegalStateException("harvest configuration " + file + " needs {\"harvesters\": [...]}");
        }
        List<HarvesterDefinition> out = new ArrayList<>();
        int i = 0;
        for (JsonNode h : root.path("harvesters")) {
            try {
                HarvesterDefinition d = parse(h, "config");
                if (out.stream().anyMatch(x -> x.id().equals(d.id()))) {
                    throw new IllegalArgumentException("id " + d.id() + " is used twice");
                }
                out.add(d);
            } catch (IllegalArgumentException | HarvestException e) {
                throw new IllegalStateException("harvest configuration " + file + ", harvesters[" + i + "]: " + e.getMessage());
            }
            i++;
        }
        return List.copyOf(out);
    }

    /** A definition from JSON, checked; IllegalArgumentException (or HarvestException for the URL) saying what is wrong. */
    public HarvesterDefinition parse(JsonNode h, String origin) {
        if (h == null || !h.isObject()) {
            throw new IllegalArgumentException("a harvester is a JSON object with id, type, url, every and options");
        }
        for (Iterator<String> names = h.fieldNames(); names.hasNext();) {
            String n = names.next();
            if (!List.of("id", "type", "url", "every", "options").contains(n)) {
                throw new IllegalArgumentException("unknown member '" + n + "'; expected id, type, url, every, options");
            }
        }
        String id = text(h, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id '" + id + "' must be lower case letters, digits, - or _, starting with a letter");
        }
        Duration every = h.hasNonNull("every") ? every(h.get("every").asText()) : null;
        Map<String, Object> options = Map.of();
        if (h.hasNonNull("options")) {
            if (!h.get("options").isObject()) {
                throw new IllegalArgumentException("options must be a JSON object");
            }
            options = json.convertValue(h.get("options"), new TypeReference<LinkedHashMap<String, Object>>() { });
        }
        HarvesterDefinition d = new HarvesterDefinition(id, text(h, "type"), text(h, "url"), every, options, origin);
        types.check(d);
        return d;
    }

    /** An interval: ISO 8601 ({@code PT1H}) or short ({@code 15m}, {@code 1h}, {@code 1d}); at least one minute. */
    static Duration every(String text) {
        Duration d;
        Matcher m = SHORT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("every '" + text + "' is not an interval such as 15m, 1h, 1d or PT1H");
            }
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("every must be at least one minute, not " + text);
        }
        return d;
    }

    private static String text(JsonNode h, String name) {
        JsonNode v = h.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(name + " is required (a string)");
        }
        return v.asText();
    }

    /** Every harvester, configured ones first. */
    public List<HarvesterDefinition> all() {
        List<HarvesterDefinition> out = new ArrayList<>(fromFile);
        for (HarvesterDefinition d : repository.stored()) {
            if (fromFile.stream().noneMatch(f -> f.id().equals(d.id()))) {
                out.add(d);
            }
        }
        return out;
    }

    public Optional<HarvesterDefinition> find(String id) {
        return all().stream().filter(h -> h.id().equals(id)).findFirst();
    }

    /** Whether the harvester comes from the configuration file (then the API cannot change or remove it). */
    public boolean configured(String id) {
        return fromFile.stream().anyMatch(f -> f.id().equals(id));
    }

    /** Replaces the definition of a harvester registered through the API; false when it is not stored. */
    public boolean replace(HarvesterDefinition h) {
        return !configured(h.id()) && repository.update(h);
    }

    /**
     * Removes a harvester registered through the API under its run lock, so never while a run of it is going (on
     * any instance): {@link Removal#RUNNING} then. Its past jobs stay.
     */
    public Removal remove(String id) {
        if (configured(id)) {
            return Removal.CONFIGURED;
        }
        Optional<HarvestRepository.Lock> lock;
        try {
            lock = repository.tryLock(id);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot take the harvest lock of " + id, e);
        }
        if (lock.isEmpty()) {
            return Removal.RUNNING;
        }
        try (HarvestRepository.Lock held = lock.get()) {
            return repository.delete(id) ? Removal.REMOVED : Removal.UNKNOWN;
        }
    }

    /** What {@link #remove} did. */
    public enum Removal { REMOVED, UNKNOWN, CONFIGURED, RUNNING }

    /** Stores a harvester from the API; false when the id is taken (in the file or the database). */
    public boolean add(HarvesterDefinition h, String createdBy) {
        if (fromFile.stream().anyMatch(f -> f.id().equals(h.id()))) {
            return false;
        }
        return repository.insert(h, createdBy);
    }
}
