package dev.actorkit.autoconfigure;

import dev.actorkit.ExitReason;
import dev.actorkit.ObservedProcess;
import dev.actorkit.Pid;
import dev.actorkit.ProcessObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The key of each running incarnation of a keyed child of a dynamic supervisor ({@code order} for key
 * {@code 42}), by pid, so that the logging MDC can name it. The runtime calls a process's factory and then
 * {@link #processStarted} on the same thread, before the process runs: the factory of a keyed child
 * leaves its key here with {@link #creating}, and the start takes it.
 *
 * <p>Concurrency: a concurrent map, written when an incarnation starts (on its supervisor's thread) and
 * when it exits, read from any thread; the key being created is per thread.
 */
final class ProcessKeys implements ProcessObserver {

    private static final ThreadLocal<String> CREATED = new ThreadLocal<>();
    /** Whether any instance listens: without one, a created key would stay on its thread. */
    private static volatile boolean listening;

    private final Map<Pid, String> byPid = new ConcurrentHashMap<>();

    ProcessKeys() {
        listening = true;
    }

    /** The factory of a keyed child has just created its instance on this thread (null: an unkeyed one). */
    static void creating(@Nullable String key) {
        if (key == null || !listening) {
            CREATED.remove();
        } else {
            CREATED.set(key);
        }
    }

    /** The key of the process, or null if it is not a keyed child. */
    @Nullable String keyOf(ObservedProcess process) {
        return byPid.isEmpty() ? null : byPid.get(process.ref().pid());
    }

    @Override
    public void processStarted(ObservedProcess process) {
        String key = CREATED.get();
        if (key != null) {
            CREATED.remove();
            byPid.put(process.ref().pid(), key);
        }
    }

    @Override
    public void processExited(ObservedProcess process, ExitReason reason) {
        if (!byPid.isEmpty()) {
            byPid.remove(process.ref().pid());
        }
    }

    @Override
    public String toString() {
        return "the keys of dynamic supervisors' children";
    }
}
