package dev.actorkit.autoconfigure;

import dev.actorkit.autoconfigure.ProcessTree.RootFailure;
import dev.actorkit.autoconfigure.SupervisionPlan.SupervisorNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code actor} health indicator: UP while every root supervisor runs; DOWN once one has ended
 * while the application runs (it gave up: a restart exceeded its intensity), naming it and why. Nothing
 * restarts a root, so it stays DOWN until the application restarts; by default the tree also publishes
 * {@code LivenessState.BROKEN} then ({@code actor.supervision.<root>.on-give-up}). OUT_OF_SERVICE while the tree is not
 * running (before its start, after its stop).
 *
 * <p>Thread-safe: it reads the tree's concurrent state.
 */
final class ActorHealthIndicator implements HealthIndicator {

    private final ProcessTree tree;

    ActorHealthIndicator(ProcessTree tree) {
        this.tree = tree;
    }

    @Override
    public Health health() {
        if (!tree.isRunning()) {
            return Health.outOfService().withDetail("reason", "the supervision tree is not running").build();
        }
        Map<String, RootFailure> failed = tree.failedRoots();
        Map<String, String> roots = new LinkedHashMap<>();
        for (SupervisorNode root : tree.plan().roots()) {
            RootFailure failure = failed.get(root.name());
            roots.put(root.name(), failure == null ? "running" : failure.description());
        }
        Health.Builder health = failed.isEmpty() ? Health.up() : Health.down();
        return health.withDetail("roots", roots).build();
    }
}
