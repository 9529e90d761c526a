package dev.actorkit.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a supervisor stops a child: OTP's shutdown spec. Immutable.
 */
public sealed interface Shutdown permits Shutdown.BrutalKill, Shutdown.Timeout, Shutdown.Infinity {

    /** Kill at once ({@code exit(child, KILL)}). */
    static Shutdown brutalKill() {
        return BrutalKill.INSTANCE;
    }

    /** Send {@code SHUTDOWN}, wait up to {@code timeout}, then kill. */
    static Shutdown timeout(Duration timeout) {
        return new Timeout(timeout);
    }

    /** Send {@code SHUTDOWN} and wait as long as it takes: the default for supervisors. */
    static Shutdown infinity() {
        return Infinity.INSTANCE;
    }

    /** See {@link #brutalKill()}. */
    enum BrutalKill implements Shutdown {
        INSTANCE;

        @Override
        public String toString() {
            return "brutal-kill";
        }
    }

    /** See {@link #infinity()}. */
    enum Infinity implements Shutdown {
        INSTANCE;

        @Override
        public String toString() {
            return "infinity";
        }
    }

    /** See {@link #timeout(Duration)}. */
    record Timeout(Duration duration) implements Shutdown {
        public Timeout {
            Objects.requireNonNull(duration, "duration must not be null");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("a shutdown timeout must be positive, but was " + duration
                        + "; use Shutdown.brutalKill() to kill at once");
            }
        }

        @Override
        public String toString() {
            return duration.toString();
        }
    }
}
