package dev.actorkit.supervisor;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A supervisor: its strategy, its restart intensity (more than {@code maxRestarts} restarts within
 * {@code within} and it gives up: it stops all children and exits with {@code SHUTDOWN}, escalating
 * to its own supervisor), and its children in start order. Immutable.
 *
 * <pre>{@code
 * SupervisorSpec.oneForOne(
 *         ChildSpec.worker("ledger", Ledger::new),
 *         ChildSpec.worker("gateway", Gateway::new))
 *     .withIntensity(3, Duration.ofSeconds(5))
 * }</pre>
 *
 * @param strategy    what is restarted when a child must be
 * @param maxRestarts restarts allowed within {@code within} (Elixir's default: 3)
 * @param within      the intensity window (Elixir's default: 5 s)
 * @param children    started in this order, stopped in the reverse order
 */
public record SupervisorSpec(Strategy strategy, int maxRestarts, Duration within, List<ChildSpec> children) {

    public SupervisorSpec {
        Objects.requireNonNull(strategy, "strategy must not be null");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative, but was " + maxRestarts
                    + "; 0 means the supervisor gives up at the first restart");
        }
        Objects.requireNonNull(within, "within must not be null");
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("within must be positive, but was " + within);
        }
        children = List.copyOf(Objects.requireNonNull(children, "children must not be null"));
        Set<String> ids = new HashSet<>();
        for (ChildSpec child : children) {
            if (!ids.add(child.id())) {
                throw new IllegalArgumentException("two children have the id '" + child.id()
                        + "'; ids must be unique within a supervisor");
            }
        }
    }

    public static SupervisorSpec oneForOne(ChildSpec... children) {
        return of(Strategy.ONE_FOR_ONE, children);
    }

    public static SupervisorSpec oneForAll(ChildSpec... children) {
        return of(Strategy.ONE_FOR_ALL, children);
    }

    public static SupervisorSpec restForOne(ChildSpec... children) {
        return of(Strategy.REST_FOR_ONE, children);
    }

    /** A spec with Elixir's default intensity: 3 restarts in 5 seconds. */
    public static SupervisorSpec of(Strategy strategy, ChildSpec... children) {
        return new SupervisorSpec(strategy, 3, Duration.ofSeconds(5), List.of(children));
    }

    public SupervisorSpec withIntensity(int maxRestarts, Duration within) {
        return new SupervisorSpec(strategy, maxRestarts, within, children);
    }

    public SupervisorSpec withChildren(List<ChildSpec> children) {
        return new SupervisorSpec(strategy, maxRestarts, within, children);
    }
}
