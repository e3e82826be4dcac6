package nl.tweeling.harvest;

/**
 * One series of values at a source, registered as a Tweeling datastream of {@code thing}.
 *
 * @param key              the datastream key, stable across runs (e.g. {@code knmi-278-tg})
 * @param observedProperty a Tweeling observed property id ({@code air_temperature}, {@code NO2}, ...)
 */
public record SourceStream(String key, SourceThing thing, String observedProperty, String name, String description) {
}
