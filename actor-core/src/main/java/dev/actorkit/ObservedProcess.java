package dev.actorkit;

import org.jspecify.annotations.Nullable;

/**
 * A process as a {@link ProcessObserver} sees it: the runtime passes the process itself, so observing
 * costs no allocation. Read what you need while the callback runs; the registered name may change
 * (a process can be registered after it started).
 *
 * <p>Thread-safety: the methods may be called from any thread.
 */
public interface ObservedProcess {

    /** The process (for a supervised child, the incarnation that runs now). */
    ProcessRef<?> ref();

    /** The name it is registered under, or its last one once it has exited; null if it has none. */
    @Nullable String registeredName();

    /**
     * The class behind the process: the {@link dev.actorkit.annotation.Process} class of an
     * annotation-driven process, the {@link ProcessBody}'s class of a blocking-style one.
     */
    Class<?> processClass();

    /**
     * A short label of the kind of process, fit for a metric tag or a log field: the simple name of
     * {@link #processClass()}, or {@code "anonymous"} for a lambda or an anonymous class.
     */
    default String typeLabel() {
        return typeLabel(processClass());
    }

    /** {@link #typeLabel()} of a process of class {@code type}. */
    static String typeLabel(Class<?> type) {
        return type.isHidden() || type.isAnonymousClass() || type.isSynthetic() ? "anonymous" : type.getSimpleName();
    }

    /** The registered name if it has one, else {@link #typeLabel()}. */
    default String label() {
        String name = registeredName();
        return name != null ? name : typeLabel();
    }
}
