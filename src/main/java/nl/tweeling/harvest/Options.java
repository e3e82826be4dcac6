package nl.tweeling.harvest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed access to a harvester's options (JSON values); every wrong value is an IllegalArgumentException naming it. */
public final class Options {

    private final Map<String, Object> values;

    public Options(Map<String, Object> values) {
        this.values = values == null ? Map.of() : values;
    }

    public Optional<String> string(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("option " + name + " must be a string");
        }
        return Optional.of(s);
    }

    public Optional<Double> number(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("option " + name + " must be a number");
        }
        return Optional.of(n.doubleValue());
    }

    public double required(String name) {
        return number(name).orElseThrow(() -> new IllegalArgumentException("option " + name + " is required"));
    }

    public boolean flag(String name, boolean fallback) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("option " + name + " must be true or false");
        }
        return b;
    }

    public List<String> strings(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof String)) {
            throw new IllegalArgumentException("option " + name + " must be a list of strings");
        }
        return l.stream().map(String.class::cast).toList();
    }

    /** An object whose values are strings. */
    public Map<String, String> stringMap(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m) || !m.values().stream().allMatch(x -> x instanceof String)) {
            throw new IllegalArgumentException("option " + name + " must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), (String) x));
        return out;
    }

    /** An object whose values are objects. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> objects(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m) || !m.values().stream().allMatch(x -> x instanceof Map)) {
            throw new IllegalArgumentException("option " + name + " must be an object of objects");
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), (Map<String, Object>) x));
        return out;
    }
}
