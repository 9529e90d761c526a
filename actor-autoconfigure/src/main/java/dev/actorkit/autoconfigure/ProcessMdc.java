package dev.actorkit.autoconfigure;

import dev.actorkit.ObservedProcess;
import dev.actorkit.ProcessObserver;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts the running process into SLF4J's MDC while it handles messages, so that every log line written
 * there can be filtered by process, the JVM's answer to Erlang's group leader: {@code actor.pid} (such as
 * {@code <0.42.0>}), {@code actor.process} (its one name, as in {@code actor.*}, metric tags and the
 * {@code processes} endpoint: {@code order}; a name registered at run time, else its class's simple name,
 * for other processes) and, for a keyed child of a dynamic supervisor, {@code actor.key}. The keys are
 * dotted under {@code actor} so that they do not clash with Spring Boot's structured logging (in ECS,
 * {@code process} is an object). Cleared when the process gives the thread back.
 *
 * <p>Concurrency: stateless but for the thread-safe tags and keys; the MDC is per thread, and a process
 * enters and leaves on one thread.
 */
final class ProcessMdc implements ProcessObserver {

    /** The MDC key of the process's pid. */
    static final String PID = "actor.pid";
    /** The MDC key of the process's name. */
    static final String PROCESS = "actor.process";
    /** The MDC key of a dynamic supervisor's child's key. */
    static final String KEY = "actor.key";

    private static final Scope CLEAR = () -> {
        MDC.remove(PID);
        MDC.remove(PROCESS);
        MDC.remove(KEY);
    };

    private final ProcessTags tags;
    private final @Nullable ProcessKeys keys;

    ProcessMdc(ProcessTags tags, @Nullable ProcessKeys keys) {
        this.tags = tags;
        this.keys = keys;
    }

    @Override
    public Scope enter(ObservedProcess process) {
        MDC.put(PID, process.ref().pid().toString());
        String registered = process.registeredName();
        MDC.put(PROCESS, registered != null ? registered : tags.process(process));
        String key = keys == null ? null : keys.keyOf(process);
        if (key != null) {
            MDC.put(KEY, key);
        }
        return CLEAR;
    }
}
