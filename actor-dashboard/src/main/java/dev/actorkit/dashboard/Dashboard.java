package dev.actorkit.dashboard;

import dev.actorkit.ExitReason;
import dev.actorkit.Pid;
import dev.actorkit.ProcessInfo;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.dashboard.DashboardModel.ActionResult;
import dev.actorkit.dashboard.DashboardModel.DeadLetterBatch;
import dev.actorkit.dashboard.DashboardModel.Nodes;
import dev.actorkit.dashboard.DashboardModel.Peer;
import dev.actorkit.dashboard.DashboardModel.ProcessDetails;
import dev.actorkit.dashboard.DashboardModel.ProcessPage;
import dev.actorkit.dashboard.DashboardModel.SchedulerSample;
import dev.actorkit.dashboard.DashboardModel.Tree;
import dev.actorkit.dashboard.DashboardModel.TreeEvent;
import dev.actorkit.dashboard.DashboardModel.TreeNode;
import dev.actorkit.dashboard.ProcessTable.Query;
import dev.actorkit.dashboard.TreeReader.Placement;
import dev.actorkit.dashboard.TreeReader.Snapshot;
import dev.actorkit.supervisor.DynamicSupervisor;
import dev.actorkit.supervisor.Supervisor;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard knows about the running application, read from the scheduler, the supervision
 * tree (through the Actuator {@code processes} endpoint's snapshot) and the dead letters, and the actions
 * it may take when they are enabled.
 *
 * <p>Concurrency: called from request threads and the {@link DashboardStreams} ticker at once. Snapshots
 * are immutable and cached for half an interval behind volatile fields, so that many pages share one read
 * of the tree or the processes per interval; a stale snapshot is at most one interval old.
 */
final class Dashboard implements AutoCloseable {

    private final Scheduler scheduler;
    private final TreeReader treeReader;
    private final ProcessTable processTable;
    private final SchedulerHistory history;
    private final DeadLetterLog deadLetters;
    private final Supplier<Optional<NodeSource>> nodeSource;
    private final boolean actionsEnabled;
    private final long freshNanos;
    private volatile @Nullable Timed<Snapshot> tree;
    private volatile @Nullable Timed<ProcessTable.Sample> processes;
    /** How long the last read of every process took; racy reads are fine, it only spaces the reads out. */
    private volatile long lastSampleNanos;
    private final TreeChanges changes;
    private final AutoCloseable deadLetterSubscription;

    private record Timed<T>(T value, long nanos) {
    }

    Dashboard(Scheduler scheduler, TreeReader treeReader, SchedulerHistory history, DeadLetterLog deadLetters,
              Supplier<Optional<NodeSource>> nodeSource, boolean actionsEnabled, Duration interval) {
        this.scheduler = scheduler;
        this.treeReader = treeReader;
        this.processTable = new ProcessTable(scheduler);
        this.history = history;
        this.deadLetters = deadLetters;
        this.nodeSource = nodeSource;
        this.actionsEnabled = actionsEnabled;
        this.freshNanos = interval.toNanos() / 2;
        this.changes = new TreeChanges(deadLetters);
        // Kept for the application's life: the crashes and dead letters are there when a page opens.
        this.deadLetterSubscription = scheduler.onDeadLetter(deadLetters);
    }

    /** Stops listening to dead letters (the scheduler may outlive the application context). */
    @Override
    public void close() throws Exception {
        deadLetterSubscription.close();
    }

    boolean actionsEnabled() {
        return actionsEnabled;
    }

    // ---- views ----

    /** Records one scheduler sample; the ticker calls it once an interval. */
    SchedulerSample sampleScheduler() {
        return history.record(scheduler.stats(), System.nanoTime(), System.currentTimeMillis());
    }

    List<SchedulerSample> schedulerHistory() {
        return history.samples();
    }

    Tree tree() {
        return snapshot().tree();
    }

    private Snapshot snapshot() {
        long now = System.nanoTime();
        Timed<Snapshot> cached = tree;
        if (cached != null && now - cached.nanos() < freshNanos) {
            return cached.value();
        }
        Snapshot read = treeReader.read();
        deadLetters.useNames(read.byPid());
        List<TreeEvent> recent = changes.record(cached == null ? null : cached.value().byPid(), read.byPid(),
                System.currentTimeMillis());
        Snapshot shown = new Snapshot(read.tree().withRecent(recent), read.byPid());
        tree = new Timed<>(shown, now);
        return shown;
    }

    ProcessPage processes(Query query) {
        long now = System.nanoTime();
        Timed<ProcessTable.Sample> cached = processes;
        // Reading every process takes longer the more there are; sampling at most once per 20 times what
        // the last read took keeps the dashboard's share of one core under about 5%, however many run.
        if (cached == null || now - cached.nanos() >= Math.max(freshNanos, 20 * lastSampleNanos)) {
            ProcessTable.Sample sample = processTable.sample(snapshot().byPid(), now);
            lastSampleNanos = System.nanoTime() - now;
            cached = new Timed<>(sample, now);
            processes = cached;
        }
        return ProcessTable.page(cached.value(), query);
    }

    /** One process; a pid no longer alive shows as {@code exited} with the crashes recorded for it. */
    ProcessDetails process(String pidText) {
        Pid pid = ProcessTable.parsePid(pidText);
        Snapshot snapshot = snapshot();
        Placement placement = snapshot.byPid().get(pid.toString());
        Peer supervisor = placement == null || placement.supervisorName() == null ? null
                : new Peer(placement.supervisorPid() == null ? "" : placement.supervisorPid(), placement.supervisorName());
        int restarts = placement == null ? 0 : placement.restarts();
        Optional<ProcessRef<?>> ref = find(pid);
        Optional<ProcessInfo> read = ref.flatMap(scheduler::info);
        if (read.isEmpty()) {
            return new ProcessDetails(pid.toString(), placement == null ? "" : placement.name(), "", "exited", 0, 0, false,
                    null, List.of(), List.of(), List.of(), supervisor, restarts,
                    deadLetters.crashesOf(List.of(pid.toString()), null));
        }
        ProcessInfo info = read.get();
        String name = ProcessTable.nameOf(info, placement);
        return new ProcessDetails(pid.toString(), name, ProcessTable.typeOf(ref.get()),
                info.status().name().toLowerCase(Locale.ROOT), info.mailboxSize(), info.messagesHandled(), info.trapExit(),
                info.currentMessageType().map(Class::getName).orElse(null), peers(info.links(), snapshot),
                peers(info.monitors(), snapshot), peers(info.monitoredBy(), snapshot), supervisor, restarts,
                // a supervised child's earlier incarnations crashed under other pids but the same name
                deadLetters.crashesOf(List.of(pid.toString()), placement == null ? null : placement.name()));
    }

    private List<Peer> peers(List<ProcessRef<?>> refs, Snapshot snapshot) {
        return refs.stream().map(ref -> {
            String pid;
            try {
                pid = ref.pid().toString();
            } catch (RuntimeException betweenIncarnations) {
                pid = "-";
            }
            Placement placement = snapshot.byPid().get(pid);
            String name = placement != null ? placement.name()
                    : scheduler.info(ref).flatMap(ProcessInfo::registeredName).orElse("");
            return new Peer(pid, name);
        }).toList();
    }

    DeadLetterBatch deadLetters(long cursor, int limit) {
        return deadLetters.after(cursor, limit);
    }

    Nodes nodes() {
        Optional<NodeSource> source = nodeSource.get();
        if (source.isEmpty()) {
            return new Nodes(false, "This application runs on a single node: it has no ActorKit cluster node (a "
                    + "dev.actorkit.cluster.Cluster bean from actor-cluster). Once it has one, its members and their "
                    + "state show here.", List.of());
        }
        return new Nodes(true, "", List.copyOf(source.get().nodes()));
    }

    // ---- actions ----

    /** Kills a process, as {@code exit(Pid, kill)}: untrappable; its supervisor restarts it if its restart type says so. */
    ActionResult kill(String pidText) {
        requireActions();
        Pid pid = ProcessTable.parsePid(pidText);
        ProcessRef<?> ref = find(pid).orElseThrow(() -> new NoSuchElementException("no live process " + pid));
        scheduler.exit(ref, ExitReason.KILL);
        return new ActionResult(true, "sent kill to " + pid);
    }

    /** Stops a supervisor's child: by its id under a supervisor, by its pid under a dynamic supervisor. */
    ActionResult terminateChild(String supervisorName, String child) {
        requireActions();
        TreeNode supervisor = supervisor(supervisorName);
        ProcessRef<?> supervisorRef = liveSupervisor(supervisor);
        if ("dynamic".equals(supervisor.kind())) {
            Pid pid = ProcessTable.parsePid(child);
            ProcessRef<?> childRef = find(pid).orElseThrow(() -> new NoSuchElementException("no live process " + pid));
            DynamicSupervisor.of(supervisorRef).terminateChild(childRef);
        } else {
            Supervisor.of(supervisorRef).terminateChild(child);
        }
        return new ActionResult(true, "terminated " + child + " under " + supervisorName);
    }

    /** Stops a supervisor's child and starts it again (OTP's terminate_child then restart_child). */
    ActionResult restartChild(String supervisorName, String child) {
        requireActions();
        TreeNode supervisor = supervisor(supervisorName);
        if ("dynamic".equals(supervisor.kind())) {
            throw new IllegalStateException(supervisorName + " is a dynamic supervisor, whose children cannot be "
                    + "restarted by id (as in OTP); kill the child and its restart type decides");
        }
        Supervisor running = Supervisor.of(liveSupervisor(supervisor));
        running.terminateChild(child);
        running.restartChild(child);
        return new ActionResult(true, "restarted " + child + " under " + supervisorName);
    }

    private void requireActions() {
        if (!actionsEnabled) {
            throw new ActionsDisabledException();
        }
    }

    private TreeNode supervisor(String name) {
        Timed<Snapshot> cached = tree;
        if (cached != null) {
            tree = new Timed<>(cached.value(), cached.nanos() - freshNanos); // an action must see the tree as it is now
        }
        return findSupervisor(snapshot().tree().roots(), name)
                .orElseThrow(() -> new NoSuchElementException("no supervisor named '" + name + "' in the tree"));
    }

    private static Optional<TreeNode> findSupervisor(List<TreeNode> nodes, String name) {
        for (TreeNode node : nodes) {
            if (!node.kind().equals("process") && node.name().equals(name)) {
                return Optional.of(node);
            }
            Optional<TreeNode> below = findSupervisor(node.children(), name);
            if (below.isPresent()) {
                return below;
            }
        }
        return Optional.empty();
    }

    private ProcessRef<?> liveSupervisor(TreeNode supervisor) {
        if (supervisor.pid() == null) {
            throw new IllegalStateException("supervisor '" + supervisor.name() + "' is not running (" + supervisor.status() + ")");
        }
        Pid pid = ProcessTable.parsePid(supervisor.pid());
        return find(pid).orElseThrow(() -> new IllegalStateException("supervisor '" + supervisor.name() + "' just exited"));
    }

    private Optional<ProcessRef<?>> find(Pid pid) {
        for (ProcessRef<?> ref : scheduler.processes()) {
            if (ref.pid().equals(pid)) {
                return Optional.of(ref);
            }
        }
        return Optional.empty();
    }

    /** An action asked for while {@code actor.dashboard.actions.enabled} is false. */
    static final class ActionsDisabledException extends RuntimeException {
        ActionsDisabledException() {
            super("Dashboard actions are disabled. Set actor.dashboard.actions.enabled=true to allow killing processes "
                    + "and restarting or terminating children from the page (and restrict the page to administrators).");
        }
    }
}
