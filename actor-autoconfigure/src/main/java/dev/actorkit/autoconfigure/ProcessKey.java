package dev.actorkit.autoconfigure;

import java.util.Objects;

/**
 * The key a child of a dynamic supervisor was started for, by {@link DynamicProcesses#getOrStart}.
 * Inject it into the {@code @Process} class's constructor: each incarnation of the child (its restarts
 * too) gets the same key. A child started by {@link DynamicProcesses#start()} has no key: declare the
 * parameter {@code @Nullable ProcessKey} or {@code Optional<ProcessKey>} if the class is started both
 * ways. Immutable.
 *
 * @param value the key
 */
public record ProcessKey(String value) {

    public ProcessKey {
        Objects.requireNonNull(value, "value must not be null");
    }

    @Override
    public String toString() {
        return value;
    }
}
