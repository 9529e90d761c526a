package dev.actorkit.autoconfigure;

import dev.actorkit.ObservedProcess;
import dev.actorkit.autoconfigure.SupervisionPlan.Node;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The low-cardinality names that meters tag processes with: the name of a process the starter manages
 * (one per {@code @Process} class), else the simple name of the process's class, or
 * {@code "anonymous"}; never a pid or a name registered per entity.
 *
 * <p>Concurrency: immutable; the class-name cache is a {@link ClassValue}, safe from any thread.
 */
final class ProcessTags {

    private final Set<String> managed;
    /** The supervisor each process and supervisor of the tree is a child of, by name. */
    private final Map<String, String> parents;
    private final ClassValue<String> typeLabels = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return ObservedProcess.typeLabel(type);
        }
    };

    private ProcessTags(Set<String> managed, Map<String, String> parents) {
        this.managed = managed;
        this.parents = parents;
    }

    static ProcessTags of(SupervisionPlan plan) {
        Map<String, String> parents = new HashMap<>();
        plan.supervisors().forEach(supervisor -> {
            for (Node child : supervisor.children()) {
                parents.put(child.name(), supervisor.name());
            }
        });
        return new ProcessTags(plan.processes().map(Node::name).collect(Collectors.toUnmodifiableSet()), Map.copyOf(parents));
    }

    /** The tag value of {@code process}. */
    String process(ObservedProcess process) {
        String name = process.registeredName();
        return name != null && managed.contains(name) ? name : typeLabels.get(process.processClass());
    }

    /** The tag value of a supervisor that restarted the child {@code childId}. */
    String supervisor(ObservedProcess supervisor, String childId) {
        String parent = parents.get(childId);
        return parent != null ? parent : process(supervisor);
    }
}
