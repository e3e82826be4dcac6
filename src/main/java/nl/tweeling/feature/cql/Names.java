package nl.tweeling.feature.cql;

import java.util.Optional;

/** Enum look-up by exact constant name without exceptions. */
final class Names {

    private Names() {
    }

    static <E extends Enum<E>> Optional<E> lookup(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
