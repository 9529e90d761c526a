package dev.actorkit.internal;

import dev.actorkit.DeadLetter;
import dev.actorkit.ExitReason;
import dev.actorkit.ObservedProcess;
import dev.actorkit.ProcessObserver;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The configured observers as one: each is called in order, and one that throws (anything, an
 * {@code Error} included) is logged, rate-limited, without stopping the others or affecting the process. The runtime holds null instead of an empty one, so
 * that unobserved schedulers pay a null check and nothing more.
 *
 * <p>Concurrency: immutable; thread-safe as its observers are.
 */
final class Observers implements ProcessObserver {

    private static final GuestFailures FAILURES = new GuestFailures("dev.actorkit.ProcessObserver");

    private final ProcessObserver[] observers;
    /**
     * Whether any observer implements {@link #messageHandled}: if none does (one that only sets up a
     * logging context, say), messages are not timed, and cost no clock reads.
     */
    final boolean timesMessages;

    private Observers(List<ProcessObserver> observers) {
        this.observers = observers.toArray(ProcessObserver[]::new);
        this.timesMessages = observers.stream().anyMatch(Observers::implementsMessageHandled);
    }

    private static boolean implementsMessageHandled(ProcessObserver observer) {
        try {
            return observer.getClass().getMethod("messageHandled", ObservedProcess.class, Class.class, long.class,
                    boolean.class).getDeclaringClass() != ProcessObserver.class;
        } catch (NoSuchMethodException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** The observers as one, or null when there are none. */
    static @Nullable Observers of(List<ProcessObserver> observers) {
        return observers.isEmpty() ? null : new Observers(observers);
    }

    private void each(Consumer<ProcessObserver> event, String what) {
        for (ProcessObserver observer : observers) {
            try {
                event.accept(observer);
            } catch (Throwable failure) {
                FAILURES.failed("process observer " + observer, what, failure);
            }
        }
    }

    @Override
    public void processStarted(ObservedProcess process) {
        each(o -> o.processStarted(process), "processStarted");
    }

    @Override
    public void processExited(ObservedProcess process, ExitReason reason) {
        each(o -> o.processExited(process, reason), "processExited");
    }

    @Override
    public void messageHandled(ObservedProcess process, Class<?> messageType, long nanos, boolean crashed) {
        // A loop rather than each(...): this one runs per message, and a capturing lambda would allocate.
        for (ProcessObserver observer : observers) {
            try {
                observer.messageHandled(process, messageType, nanos, crashed);
            } catch (Throwable failure) {
                FAILURES.failed("process observer " + observer, "messageHandled", failure);
            }
        }
    }

    @Override
    public void processCrashed(ObservedProcess process, @Nullable Class<?> messageType, Throwable failure) {
        each(o -> o.processCrashed(process, messageType, failure), "processCrashed");
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        each(o -> o.deadLetter(letter), "deadLetter");
    }

    @Override
    public void childRestarted(ObservedProcess supervisor, String childId) {
        each(o -> o.childRestarted(supervisor, childId), "childRestarted");
    }

    @Override
    public @Nullable Scope enter(ObservedProcess process) {
        if (observers.length == 1) {
            return enterOne(observers[0], process);
        }
        Scope[] scopes = new Scope[observers.length];
        boolean any = false;
        for (int i = 0; i < observers.length; i++) {
            scopes[i] = enterOne(observers[i], process);
            any |= scopes[i] != null;
        }
        return any ? () -> closeAll(scopes) : null;
    }

    private static @Nullable Scope enterOne(ProcessObserver observer, ObservedProcess process) {
        try {
            return observer.enter(process);
        } catch (Throwable failure) {
            FAILURES.failed("process observer " + observer, "enter", failure);
            return null;
        }
    }

    /** Closes the scopes in reverse order of entry. */
    private static void closeAll(@Nullable Scope[] scopes) {
        for (int i = scopes.length - 1; i >= 0; i--) {
            close(scopes[i]);
        }
    }

    /** Closes a scope from {@link #enter} or a context propagator, if any; a failure is logged. */
    static void close(@Nullable Scope scope) {
        if (scope == null) {
            return;
        }
        try {
            scope.close();
        } catch (Throwable failure) {
            FAILURES.failed("scope " + scope, "close", failure);
        }
    }
}
