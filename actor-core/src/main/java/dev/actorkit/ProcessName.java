package dev.actorkit;

import java.util.Objects;

/**
 * How a process started by a supervisor is named, each time it (re)starts: Erlang's
 * {@code {local, Name}} and {@code {via, Module, Name}}. {@link #local(String)} registers it with the
 * scheduler ({@link Scheduler#register}); a registry provides its own, such as
 * {@code registry.via(key)}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ProcessName {

    /**
     * Names {@code process}, a new incarnation that has just started. The name is released when that
     * incarnation exits.
     *
     * @throws NameTakenException if another live process holds the name
     */
    void register(Scheduler scheduler, ProcessRef<?> process);

    /** A name in the scheduler's own name table. */
    static ProcessName local(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a process name must not be blank");
        }
        return new ProcessName() {
            @Override
            public void register(Scheduler scheduler, ProcessRef<?> process) {
                scheduler.register(name, process);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
