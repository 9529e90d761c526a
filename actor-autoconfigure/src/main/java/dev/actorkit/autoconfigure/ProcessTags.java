package dev.actorkit.autoconfigure;

import dev.actorkit.ObservedProcess;
import dev.actorkit.autoconfigure.SupervisionPlan.DynamicNode;
import dev.actorkit.autoconfigure.SupervisionPlan.Node;
import dev.actorkit.autoconfigure.SupervisionPlan.ProcessNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The one name of each process, as meters, the logging MDC and traces show it: the name it has in
 * {@code actor.*} ({@code order}, the {@code @Process} class's simple name with a lower-case first letter)
 * for every process and supervisor the starter manages, the children of dynamic supervisors included;
 * else the simple name of the process's class, or {@code "anonymous"}. Never a pid or a per-entity key,
 * so it is fit for a metric tag.
 *
 * <p>Concurrency: immutable; the class caches are {@link ClassValue}s, safe from any thread.
 */
final class ProcessTags {

    /** The package of the runtime's own supervisor processes. */
    private static final String SUPERVISOR_PACKAGE = "dev.actorkit.supervisor";

    private final Set<String> managed;
    /** The supervisor each process and supervisor of the tree is a child of, by name. */
    private final Map<String, String> parents;
    private final ClassValue<String> labels;
    private final ClassValue<Boolean> runtimeOwn = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.getPackageName().equals(SUPERVISOR_PACKAGE) || type == NestedSupervisor.class;
        }
    };

    private ProcessTags(Set<String> managed, Map<String, String> parents, Map<Class<?>, String> names) {
        this.managed = managed;
        this.parents = parents;
        this.labels = new ClassValue<>() {
            @Override
            protected String computeValue(Class<?> type) {
                String name = names.get(type);
                return name != null ? name : ObservedProcess.typeLabel(type);
            }
        };
    }

    static ProcessTags of(SupervisionPlan plan) {
        Map<String, String> parents = new HashMap<>();
        Set<String> managed = new HashSet<>();
        plan.supervisors().forEach(supervisor -> {
            managed.add(supervisor.name());
            for (Node child : supervisor.children()) {
                parents.put(child.name(), supervisor.name());
                managed.add(child.name());
            }
        });
        Map<Class<?>, String> names = new HashMap<>();
        Stream.concat(plan.processes(), plan.dynamicSupervisors().map(DynamicNode::process))
                .forEach((ProcessNode process) -> names.put(process.type(), process.name()));
        return new ProcessTags(Set.copyOf(managed), Map.copyOf(parents), Map.copyOf(names));
    }

    /** The tag value of {@code process}. */
    String process(ObservedProcess process) {
        String name = process.registeredName();
        return name != null && managed.contains(name) ? name : labels.get(process.processClass());
    }

    /**
     * Whether the process is one of the runtime's own, a supervisor: its messages ({@code WhichChildren},
     * {@code StartChild}...) are the runtime's traffic, not the application's.
     */
    boolean isRuntimeOwn(ObservedProcess process) {
        return runtimeOwn.get(process.processClass());
    }

    /** The tag value of a supervisor that restarted the child {@code childId}. */
    String supervisor(ObservedProcess supervisor, String childId) {
        String parent = parents.get(childId);
        return parent != null ? parent : process(supervisor);
    }
}
