package dev.actorkit.autoconfigure;

import dev.actorkit.ProcessInfo;
import dev.actorkit.ProcessRef;
import dev.actorkit.ProcessStatus;
import dev.actorkit.Scheduler;
import dev.actorkit.SchedulerStats;
import dev.actorkit.autoconfigure.ProcessTree.RootFailure;
import dev.actorkit.autoconfigure.SupervisionPlan.DynamicNode;
import dev.actorkit.autoconfigure.SupervisionPlan.Node;
import dev.actorkit.autoconfigure.SupervisionPlan.SupervisorNode;
import dev.actorkit.supervisor.ChildInfo;
import dev.actorkit.supervisor.ChildState;
import dev.actorkit.supervisor.ChildType;
import dev.actorkit.supervisor.DynamicSupervisor;
import dev.actorkit.supervisor.Strategy;
import dev.actorkit.supervisor.Supervisor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code processes} Actuator endpoint: the supervision tree as it runs now, each supervisor with its
 * strategy and children, each process with its pid, status, mailbox length, restarts and the type of the
 * message it is handling; and how many live processes run outside the tree. {@code /processes/{name}}
 * shows one process or supervisor of the tree, or a process registered under that name.
 *
 * <p>Thread-safe: each read takes a fresh snapshot, asking each supervisor for its children (a call to
 * the supervisor process) and the scheduler for each process's info. Values may be stale by the time
 * they are read, as with any snapshot of a concurrent system.
 */
@Endpoint(id = "processes")
public final class ProcessesEndpoint {

    private final ProcessTree tree;
    private final Scheduler scheduler;

    ProcessesEndpoint(ProcessTree tree, Scheduler scheduler) {
        this.tree = tree;
        this.scheduler = scheduler;
    }

    /**
     * The same snapshots for another view of the application's tree (the dashboard), whether or not the
     * Actuator endpoint is exposed; empty when the context has no supervision tree.
     */
    public static Optional<ProcessesEndpoint> forTreeIn(ListableBeanFactory beanFactory, Scheduler scheduler) {
        return beanFactory.getBeanProvider(ProcessTree.class).stream().findFirst()
                .map(tree -> new ProcessesEndpoint(tree, scheduler));
    }

    /** The whole tree, roots in start order, and the live processes outside it. */
    @ReadOperation
    public ProcessesDescriptor processes() {
        Snapshot snapshot = new Snapshot();
        List<SupervisorDescriptor> roots = tree.plan().roots().stream().map(snapshot::root).toList();
        SchedulerStats stats = scheduler.stats();
        int unsupervised = Math.max(0, stats.liveProcesses() - snapshot.live);
        return new ProcessesDescriptor(roots, new ProcessCounts(stats.liveProcesses(), snapshot.live, unsupervised,
                stats.spawned(), stats.deadLetters()));
    }

    /**
     * One process or supervisor of the tree by name (a dynamic supervisor's child by {@code name:key}, such as
     * {@code bucket:shopping}), else a process registered under it; null (404) if none.
     */
    @ReadOperation
    public @Nullable NodeDescriptor process(@Selector String name) {
        Optional<NodeDescriptor> inTree = processes().supervisors().stream()
                .flatMap(ProcessesEndpoint::depthFirst)
                .filter(node -> node.name().equals(name)
                        || node instanceof ProcessDescriptor process && (process.name() + ":" + process.key()).equals(name))
                .findFirst();
        if (inTree.isPresent()) {
            return inTree.get();
        }
        return scheduler.whereis(name).map(ref -> process(name, ref, 0, ChildState.RUNNING, new Snapshot())).orElse(null);
    }

    private static Stream<NodeDescriptor> depthFirst(NodeDescriptor node) {
        return node instanceof SupervisorDescriptor supervisor
                ? Stream.concat(Stream.of(node), supervisor.children().stream().flatMap(ProcessesEndpoint::depthFirst))
                : Stream.of(node);
    }

    /** One walk over the live tree; counts the live processes it meets. Confined to the reading thread. */
    private final class Snapshot {
        int live;

        SupervisorDescriptor root(SupervisorNode node) {
            RootFailure failure = tree.failedRoots().get(node.name());
            Supervisor running = tree.runningRoots().get(node.name());
            if (failure == null && running != null) {
                return supervisor(node.name(), node, running, 0, ChildState.RUNNING);
            }
            String status = failure == null ? "stopped" : failure.gaveUp() ? "gave-up" : "exited";
            return stopped(node, status, 0);
        }

        /** A running supervisor; {@code node} is its declaration, null for one the tree does not declare. */
        SupervisorDescriptor supervisor(String name, @Nullable SupervisorNode node, Supervisor supervisor, int restarts,
                                        ChildState state) {
            List<ChildInfo> children;
            try {
                children = supervisor.whichChildren();
            } catch (RuntimeException ended) {
                // It exited between the parent's answer and this call (a restart or a give-up in progress).
                return node != null ? stopped(node, "restarting", restarts) : new SupervisorDescriptor(name, null, null, null,
                        null, "restarting", restarts, List.of());
            }
            live++;
            List<NodeDescriptor> described = new ArrayList<>(children.size());
            for (ChildInfo child : children) {
                described.add(child(node, child));
            }
            return new SupervisorDescriptor(name, node == null ? null : strategy(node.strategy()),
                    node == null ? null : node.maxRestarts(), node == null ? null : node.within().toString(),
                    pid(supervisor.ref()), status(state, null), restarts, described);
        }

        NodeDescriptor child(@Nullable SupervisorNode parent, ChildInfo child) {
            Node declared = parent == null ? null : parent.children().stream()
                    .filter(node -> node.name().equals(child.id())).findFirst().orElse(null);
            if (declared instanceof SupervisorNode nested) {
                Optional<Supervisor> running = child.state() == ChildState.RUNNING
                        ? tree.nestedSupervisor(nested.name()).filter(s -> s.ref().isAlive()) : Optional.empty();
                if (running.isEmpty()) {
                    return stopped(nested, status(child.state(), null), child.restarts());
                }
                live++; // the process that holds the nested supervisor
                return supervisor(nested.name(), nested, running.get(), child.restarts(), child.state());
            }
            if (declared instanceof DynamicNode dynamic && child.state() == ChildState.RUNNING) {
                Optional<DynamicSupervisor> running = tree.dynamicSupervisor(dynamic.name());
                if (running.isPresent()) {
                    live++; // the process that holds the dynamic supervisor
                    SupervisorDescriptor described = supervisor(dynamic.name(), null, Supervisor.of(running.get().ref()),
                            child.restarts(), child.state());
                    return new SupervisorDescriptor(described.name(), "dynamic", dynamic.maxRestarts(),
                            dynamic.within().toString(), described.pid(), described.status(), described.restarts(),
                            named(described.children(), dynamic.process().name(), tree.dynamicKeys(dynamic.name())));
                }
            }
            if (child.type() == ChildType.SUPERVISOR && child.state() == ChildState.RUNNING) {
                // A supervisor the tree does not declare (a core nested or dynamic supervisor): listed generically.
                return supervisor(child.id(), null, Supervisor.of(child.ref()), child.restarts(), child.state());
            }
            return process(child.id(), child.ref(), child.restarts(), child.state(), this);
        }

        /** A dynamic supervisor's children named after their process ({@code bucket}), with their key ({@code shopping}). */
        List<NodeDescriptor> named(List<NodeDescriptor> children, String process, Map<String, String> keys) {
            return children.stream().map(child -> child instanceof ProcessDescriptor running
                    ? (NodeDescriptor) new ProcessDescriptor(process, keys.get(running.pid()), running.pid(), running.status(),
                            running.mailboxSize(), running.restarts(),
                            running.currentMessageType(), running.messagesHandled())
                    : child).toList();
        }

        /** A declared supervisor that does not run now, with its declared children. */
        SupervisorDescriptor stopped(SupervisorNode node, String status, int restarts) {
            List<NodeDescriptor> children = node.children().stream().map(child -> child instanceof SupervisorNode nested
                    ? stopped(nested, "stopped", 0)
                    : (NodeDescriptor) new ProcessDescriptor(child.name(), null, null, "stopped", 0, 0, null, 0)).toList();
            return new SupervisorDescriptor(node.name(), strategy(node.strategy()), node.maxRestarts(),
                    node.within().toString(), null, status, restarts, children);
        }
    }

    private ProcessDescriptor process(String id, ProcessRef<?> ref, int restarts, ChildState state, Snapshot snapshot) {
        Optional<ProcessInfo> info = state == ChildState.RUNNING ? scheduler.info(ref) : Optional.empty();
        if (info.isEmpty()) {
            return new ProcessDescriptor(id, null, null, status(state == ChildState.RUNNING ? ChildState.RESTARTING : state, null),
                    0, restarts, null, 0);
        }
        ProcessInfo process = info.get();
        snapshot.live++;
        // A dynamic supervisor's children all have the id "undefined", as in OTP: a registered name says more.
        String name = "undefined".equals(id) ? process.registeredName().orElse(id) : id;
        return new ProcessDescriptor(name, null, process.pid().toString(), status(state, process.status()), process.mailboxSize(),
                restarts, process.currentMessageType().map(Class::getName).orElse(null), process.messagesHandled());
    }

    private static @Nullable String pid(ProcessRef<?> ref) {
        try {
            return ref.pid().toString();
        } catch (RuntimeException notRunning) {
            return null; // between incarnations: there is no pid to show
        }
    }

    private static String strategy(Strategy strategy) {
        return strategy.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The child's state, refined by what the process is doing while it runs. */
    private static String status(ChildState state, @Nullable ProcessStatus process) {
        if (state == ChildState.RUNNING && process != null) {
            return process.name().toLowerCase(Locale.ROOT);
        }
        return state.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The answer of {@code GET /actuator/processes}.
     *
     * @param supervisors the root supervisors, in start order, each with its subtree
     * @param processes   counts of live processes, in and outside the tree
     */
    public record ProcessesDescriptor(List<SupervisorDescriptor> supervisors, ProcessCounts processes)
            implements OperationResponseBody {
    }

    /**
     * Live processes by where they run.
     *
     * @param live         all live processes of the scheduler
     * @param supervised   those met in the supervision tree (supervisors included)
     * @param unsupervised the others: processes spawned by the application outside the tree, probes, tasks
     * @param spawned      processes started since the scheduler was created
     * @param deadLetters  dead letters since the scheduler was created
     */
    public record ProcessCounts(int live, int supervised, int unsupervised, long spawned, long deadLetters) {
    }

    /** A supervisor or a process of the tree. */
    public sealed interface NodeDescriptor extends OperationResponseBody permits SupervisorDescriptor, ProcessDescriptor {
        /** Its name: the process or supervisor name, or the child id a supervisor gave it. */
        String name();
    }

    /**
     * A supervisor and its children.
     *
     * @param name        its name
     * @param strategy    {@code one-for-one}, {@code one-for-all} or {@code rest-for-one}; null if the tree does not declare it
     * @param maxRestarts its restart intensity; null if the tree does not declare it
     * @param within      the window of its intensity (ISO-8601); null if the tree does not declare it
     * @param pid         its pid, null when it does not run
     * @param status      {@code running}, {@code restarting}, {@code stopped}, and for a root {@code gave-up} or
     *                    {@code exited} (ended by something else while the application ran)
     * @param restarts    how often its parent has restarted it (0 for a root)
     * @param children    its children in start order
     */
    public record SupervisorDescriptor(String name, @Nullable String strategy, @Nullable Integer maxRestarts,
                                       @Nullable String within, @Nullable String pid, String status, int restarts,
                                       List<NodeDescriptor> children) implements NodeDescriptor {
    }

    /**
     * A process.
     *
     * @param name               its name: the process's name in {@code actor.*}, as in logs and metric tags
     * @param key                for a child of a dynamic supervisor started for a key, that key; else null
     * @param pid                the pid of its current incarnation, null when none runs
     * @param status             {@code running} (handling a message), {@code runnable} (waiting for a thread),
     *                           {@code waiting} (for a message), {@code restarting} or {@code stopped}
     * @param mailboxSize        messages waiting in its mailbox
     * @param restarts           how often its supervisor has restarted it
     * @param currentMessageType the class name of the message it is handling while {@code running}, else null
     * @param messagesHandled    messages its current incarnation has taken from its mailbox
     */
    public record ProcessDescriptor(String name, @Nullable String key, @Nullable String pid, String status, int mailboxSize, int restarts,
                                    @Nullable String currentMessageType, long messagesHandled) implements NodeDescriptor {
    }
}
