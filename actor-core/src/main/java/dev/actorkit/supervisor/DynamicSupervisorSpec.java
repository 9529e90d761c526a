package dev.actorkit.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * A dynamic supervisor (Elixir's {@code DynamicSupervisor}, OTP's {@code simple_one_for_one}): no
 * children at start, one-for-one restarts, an optional cap on children. Immutable.
 *
 * @param maxRestarts restarts allowed within {@code within} before it gives up (default 3)
 * @param within      the intensity window (default 5 s)
 * @param maxChildren children it accepts at most ({@link Integer#MAX_VALUE}: no cap)
 */
public record DynamicSupervisorSpec(int maxRestarts, Duration within, int maxChildren) {

    public DynamicSupervisorSpec {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative, but was " + maxRestarts);
        }
        Objects.requireNonNull(within, "within must not be null");
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("within must be positive, but was " + within);
        }
        if (maxChildren < 1) {
            throw new IllegalArgumentException("maxChildren must be at least 1, but was " + maxChildren);
        }
    }

    /** 3 restarts in 5 seconds, no cap on children. */
    public static DynamicSupervisorSpec defaults() {
        return new DynamicSupervisorSpec(3, Duration.ofSeconds(5), Integer.MAX_VALUE);
    }

    public DynamicSupervisorSpec withIntensity(int maxRestarts, Duration within) {
        return new DynamicSupervisorSpec(maxRestarts, within, maxChildren);
    }

    public DynamicSupervisorSpec withMaxChildren(int maxChildren) {
        return new DynamicSupervisorSpec(maxRestarts, within, maxChildren);
    }
}
