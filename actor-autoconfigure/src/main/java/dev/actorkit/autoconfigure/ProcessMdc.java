package dev.actorkit.autoconfigure;

import dev.actorkit.ObservedProcess;
import dev.actorkit.ProcessObserver;
import org.slf4j.MDC;

/**
 * Puts the running process into SLF4J's MDC while it handles messages: {@code pid} (such as
 * {@code <0.42.0>}) and {@code process} (its registered name, else its class's simple name), so that
 * every log line written there can be filtered by process, the JVM's answer to Erlang's group leader.
 * Cleared when the process gives the thread back.
 *
 * <p>Concurrency: stateless; the MDC is per thread, and a process enters and leaves on one thread.
 */
final class ProcessMdc implements ProcessObserver {

    /** The MDC key of the process's pid. */
    static final String PID = "pid";
    /** The MDC key of the process's name. */
    static final String PROCESS = "process";

    private static final Scope CLEAR = () -> {
        MDC.remove(PID);
        MDC.remove(PROCESS);
    };

    @Override
    public Scope enter(ObservedProcess process) {
        MDC.put(PID, process.ref().pid().toString());
        MDC.put(PROCESS, process.label());
        return CLEAR;
    }
}
