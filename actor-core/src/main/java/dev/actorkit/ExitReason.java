package dev.actorkit;

import java.util.Objects;

/**
 * Why a process exited, or the reason carried by an exit signal: Erlang's exit reason term.
 *
 * <p>The well-known reasons are constants ({@link #NORMAL}, {@link #SHUTDOWN}, {@link #KILL},
 * {@link #KILLED}, {@link #NOPROC}, {@link #NOCONNECTION}); the others are built with
 * {@link #shutdown(Object)}, {@link #error(Throwable)} and {@link #of(Object)}. The type is sealed,
 * so a {@code switch} over it is exhaustive. All implementations are immutable and thread-safe.
 */
public sealed interface ExitReason permits ExitReason.Atom, ExitReason.Shutdown, ExitReason.Error, ExitReason.Other {

    /** The process finished its work; links ignore it unless they trap exits. */
    ExitReason NORMAL = Atom.NORMAL;
    /** Asked to stop by its supervisor or by the scheduler closing. */
    ExitReason SHUTDOWN = Atom.SHUTDOWN;
    /** Only as a signal ({@code exit(target, KILL)}): untrappable; the target exits with {@link #KILLED}. */
    ExitReason KILL = Atom.KILL;
    /** The reason of a process that was sent {@link #KILL}. */
    ExitReason KILLED = Atom.KILLED;
    /** The process did not exist (or was already dead) when it was linked or monitored. */
    ExitReason NOPROC = Atom.NOPROC;
    /** The node of the process became unreachable. */
    ExitReason NOCONNECTION = Atom.NOCONNECTION;

    /** {@code {shutdown, detail}}: a shutdown with a detail, treated like {@link #SHUTDOWN} by supervisors. */
    static ExitReason shutdown(Object detail) {
        return new Shutdown(Objects.requireNonNull(detail, "detail must not be null; use ExitReason.SHUTDOWN for a plain shutdown"));
    }

    /** The process crashed with this exception. */
    static ExitReason error(Throwable cause) {
        return new Error(Objects.requireNonNull(cause, "cause must not be null"));
    }

    /** Any other reason, as in {@code exit(Reason)} with an arbitrary term; an {@code ExitReason} is returned as is. */
    static ExitReason of(Object reason) {
        Objects.requireNonNull(reason, "reason must not be null; use ExitReason.NORMAL for a normal exit");
        return reason instanceof ExitReason exitReason ? exitReason : new Other(reason);
    }

    /** True for {@link #NORMAL} only. */
    default boolean isNormal() {
        return this == NORMAL;
    }

    /** True for {@link #SHUTDOWN} and {@link #shutdown(Object)}: the reasons after which a transient child is not restarted. */
    default boolean isShutdown() {
        return this == SHUTDOWN || this instanceof Shutdown;
    }

    /** The well-known reasons, printed as Erlang prints the atoms. */
    enum Atom implements ExitReason {
        NORMAL, SHUTDOWN, KILL, KILLED, NOPROC, NOCONNECTION;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code {shutdown, detail}}. */
    record Shutdown(Object detail) implements ExitReason {
        public Shutdown {
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return "{shutdown, " + detail + "}";
        }
    }

    /** A crash: the exception a process body or handler threw. */
    record Error(Throwable cause) implements ExitReason {
        public Error {
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String toString() {
            return "{error, " + cause + "}";
        }
    }

    /** Any other reason term. */
    record Other(Object value) implements ExitReason {
        public Other {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }
}
