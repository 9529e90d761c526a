package dev.actorkit.autoconfigure;

import dev.actorkit.ExitReason;
import dev.actorkit.ProcessInfo;
import dev.actorkit.ProcessName;
import dev.actorkit.ProcessRef;
import dev.actorkit.ProcessStatus;
import dev.actorkit.Scheduler;
import dev.actorkit.autoconfigure.SupervisionPlan.DynamicNode;
import dev.actorkit.autoconfigure.SupervisionPlan.Node;
import dev.actorkit.autoconfigure.SupervisionPlan.ProcessNode;
import dev.actorkit.autoconfigure.SupervisionPlan.SupervisorNode;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.DynamicSupervisor;
import dev.actorkit.supervisor.DynamicSupervisorSpec;
import dev.actorkit.supervisor.Shutdown;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import dev.actorkit.autoconfigure.ActorProperties.GiveUpAction;

/**
 * The supervision tree of the application: it owns one {@link SupervisedProcessRef} per process, which
 * exist (and keep messages) from the moment the tree is created, starts the root supervisors in order
 * once all singletons exist, and stops them in reverse order, each process after its mailbox drained,
 * within its shutdown timeout. Each incarnation of a process is a new instance from the bean factory.
 * It also owns the {@link DynamicChildren} of each dynamic supervisor, which it binds to the supervisor
 * whenever that (re)starts, and drains before the supervisor stops them.
 *
 * <p>It starts in phase {@link ActorAutoConfiguration#LIFECYCLE_PHASE}, before the web server starts
 * taking requests, and stops after the web server has stopped.
 *
 * <p>Concurrency: {@link #start()} and {@link #stop()} are called by the application context, one at a
 * time, and are serialized by this object's monitor; refs are bound from the starting thread or from
 * the process of a nested supervisor; the maps they read are concurrent.
 */
final class ProcessTree implements SmartLifecycle {

    private static final Log LOG = LogFactory.getLog(ProcessTree.class);
    private static final long MAX_POLL_NANOS = Duration.ofMillis(10).toNanos();

    private final Scheduler scheduler;
    private final SupervisionPlan plan;
    private final AutowireCapableBeanFactory beanFactory;
    private final ApplicationEventPublisher events;
    private final Map<String, SupervisedProcessRef<?>> refs = new LinkedHashMap<>();
    private final Map<String, DynamicChildren<?>> dynamics = new LinkedHashMap<>();
    /** The running nested supervisors by name; replaced when one restarts. */
    private final Map<String, Supervisor> nested = new ConcurrentHashMap<>();
    /** The root supervisors started, in start order. Guarded by this. */
    private final List<Supervisor> roots = new ArrayList<>();
    /** The roots by name while the tree runs, for readers that must not wait for a start or stop in progress. */
    private volatile Map<String, Supervisor> runningRoots = Map.of();
    /** The roots that ended while the tree was running (gave up, or were stopped by someone else), with why. */
    private final Map<String, RootFailure> failedRoots = new ConcurrentHashMap<>();
    /** For roots with on-give-up: restart, when each (re)started, and how many restarts in a row it has had. */
    private final Map<String, Long> rootStartedAt = new ConcurrentHashMap<>();
    private final Map<String, Integer> restartsInARow = new ConcurrentHashMap<>();
    private final boolean autoStartup;
    /** How long an asynchronous stop may take: Spring's timeout-per-shutdown-phase, less a margin to kill what is left. */
    private final Duration stopBudget;
    /** While an asynchronous stop runs: when it must stop waiting for mailboxes to drain (System.nanoTime). */
    private volatile long stopDeadline = Long.MAX_VALUE;
    /** Whether the stop in progress has logged what it kills at its deadline. */
    private volatile boolean deadlineReported;
    private volatile boolean running;
    private volatile Duration lastStart = Duration.ZERO;
    private volatile Duration lastStop = Duration.ZERO;

    /**
     * @param autoStartup       whether the tree starts with the application context ({@code actor.auto-startup})
     * @param shutdownPhaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}: how long the context waits
     *                          for an asynchronous stop
     */
    ProcessTree(Scheduler scheduler, SupervisionPlan plan, AutowireCapableBeanFactory beanFactory,
                ApplicationEventPublisher events, boolean autoStartup, Duration shutdownPhaseTimeout) {
        this.autoStartup = autoStartup;
        // A tenth (up to 1 s) is kept to kill what is left and report it before the context stops waiting.
        Duration margin = shutdownPhaseTimeout.dividedBy(10);
        this.stopBudget = shutdownPhaseTimeout.minus(margin.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : margin);
        this.scheduler = scheduler;
        this.plan = plan;
        this.beanFactory = beanFactory;
        this.events = events;
        plan.processes().forEach(process -> refs.put(process.name(), new SupervisedProcessRef<>(process.name(), process.mailbox())));
        plan.dynamicSupervisors().forEach(dynamic -> dynamics.put(dynamic.name(),
                new DynamicChildren<>(dynamic, scheduler, beanFactory)));
    }

    /** The {@link DynamicProcesses} bean of the dynamic supervisor with this name. */
    @SuppressWarnings("unchecked") // the bean's declared type, DynamicProcesses<T>, names the class of its process
    <T> DynamicProcesses<T> dynamic(String name) {
        DynamicChildren<?> dynamic = dynamics.get(name);
        if (dynamic == null) {
            throw new IllegalArgumentException("no dynamic supervisor named '" + name + "'; dynamic supervisors: "
                    + dynamics.keySet());
        }
        return (DynamicProcesses<T>) dynamic;
    }

    /** The ref bean of the process with this name. */
    @SuppressWarnings("unchecked") // the bean's declared type, ProcessRef<T>, names the class of this process
    <T> ProcessRef<T> ref(String name) {
        SupervisedProcessRef<?> ref = refs.get(name);
        if (ref == null) {
            throw new IllegalArgumentException("no process named '" + name + "'; processes: " + refs.keySet());
        }
        return (ProcessRef<T>) ref;
    }

    SupervisionPlan plan() {
        return plan;
    }

    /** The running root supervisors by name, in start order; empty before the start and after the stop. */
    Map<String, Supervisor> runningRoots() {
        return runningRoots;
    }

    /** The running nested supervisor declared under this name, if it runs now. */
    Optional<Supervisor> nestedSupervisor(String name) {
        return Optional.ofNullable(nested.get(name));
    }

    /** The dynamic supervisor declared under this name, if it runs now. */
    Optional<DynamicSupervisor> dynamicSupervisor(String name) {
        DynamicChildren<?> dynamic = dynamics.get(name);
        return dynamic == null ? Optional.empty() : dynamic.current();
    }

    /** The keys of the dynamic supervisor's keyed children, by pid. */
    Map<String, String> dynamicKeys(String name) {
        DynamicChildren<?> dynamic = dynamics.get(name);
        return dynamic == null ? Map.of() : dynamic.keysByPid();
    }

    /** The roots that ended while the tree was running, by name. */
    Map<String, RootFailure> failedRoots() {
        return Map.copyOf(failedRoots);
    }

    /**
     * Why a root supervisor ended while the tree ran.
     *
     * @param gaveUp      whether a restart exceeded its intensity
     * @param reason      its exit reason
     * @param description what happened and what follows, as a sentence without a subject ("gave up after 4
     *                    restarts within 5 s; it will not restart; ...")
     */
    record RootFailure(boolean gaveUp, ExitReason reason, String description) {
    }

    /** What a root's end means, for the log, the health indicator and the errors of its processes. */
    static String describe(SupervisorNode root, boolean gaveUp, ExitReason reason) {
        return whatHappened(root, gaveUp, reason) + "; it will not restart"
                + (root.onGiveUp().action() == GiveUpAction.BREAK_LIVENESS
                ? "; the application's liveness is now BROKEN"
                : "; the application's liveness stays as it is (on-give-up: keep-liveness)");
    }

    private static String whatHappened(SupervisorNode root, boolean gaveUp, ExitReason reason) {
        return gaveUp ? "gave up after " + plural(root.maxRestarts() + 1, "restart") + " within "
                + readable(root.within()) + " (max-restarts: " + root.maxRestarts() + ")" : "exited with " + reason;
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** A duration as people write it: {@code 5 s}, {@code 250 ms}, {@code 2 min}. */
    static String readable(Duration duration) {
        if (duration.toMillis() % 60_000 == 0 && !duration.isZero()) {
            return duration.toMinutes() + " min";
        }
        if (duration.toMillis() % 1000 == 0 && !duration.isZero()) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() > 0 ? duration.toMillis() + " ms" : duration.toString();
    }

    /** How long the last {@link #start()} took. */
    Duration lastStart() {
        return lastStart;
    }

    /** How long the last {@link #stop()} took. */
    Duration lastStop() {
        return lastStop;
    }

    // ---- lifecycle ----

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        ProcessConstructors.check(plan, beanFactory); // before any process runs: a clear report, not a crash in the tree
        long began = System.nanoTime();
        Map<String, Supervisor> started = new LinkedHashMap<>();
        failedRoots.clear();
        restartsInARow.clear();
        try {
            for (SupervisorNode root : plan.roots()) {
                Supervisor supervisor = Supervisor.start(scheduler, spec(root));
                scheduler.register(root.name(), supervisor.ref()); // its name in logs, the MDC and metric tags
                roots.add(supervisor);
                started.put(root.name(), supervisor);
                rootStartedAt.put(root.name(), System.nanoTime());
                bindChildren(supervisor, root, !restarts(root));
                supervisor.ref().termination().thenAccept(reason -> rootTerminated(root, supervisor, reason));
            }
        } catch (RuntimeException failure) {
            stopRoots();
            throw failure;
        }
        runningRoots = Collections.unmodifiableMap(started);
        running = true;
        lastStart = Duration.ofNanos(System.nanoTime() - began);
        if (LOG.isInfoEnabled()) {
            LOG.info("Started " + refs.size() + " processes under " + plan.roots().size() + " root supervisors in "
                    + lastStart.toMillis() + " ms");
        }
    }

    /**
     * Stops the tree on a thread of its own, so that the context stops other lifecycle beans of this phase
     * meanwhile; {@code callback} runs when it has stopped. Mailboxes drain until
     * {@code spring.lifecycle.timeout-per-shutdown-phase} (less a tenth, at most 1 s) has nearly passed; then
     * the processes still running are named in the log and stopped without waiting, so the stop ends
     * before the context stops waiting for it.
     */
    @Override
    public void stop(Runnable callback) {
        if (!running) {
            callback.run();
            return;
        }
        long deadline = System.nanoTime() + stopBudget.toNanos();
        Thread.ofPlatform().name("actor-tree-stop").daemon(false).start(() -> {
            stopDeadline = deadline;
            deadlineReported = false;
            try {
                stop();
            } finally {
                stopDeadline = Long.MAX_VALUE;
                callback.run();
            }
        });
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        runningRoots = Map.of();
        long began = System.nanoTime();
        stopRoots();
        refs.values().forEach(ref -> ref.terminated(ExitReason.SHUTDOWN)); // those whose end is still being reported
        dynamics.values().forEach(DynamicChildren::close);
        lastStop = Duration.ofNanos(System.nanoTime() - began);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** With {@code actor.auto-startup=false}, the application starts the tree itself, through this lifecycle bean. */
    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return ActorAutoConfiguration.LIFECYCLE_PHASE;
    }

    /** Stopping and starting again would lose the messages sent meanwhile: the tree does not take part in a pause. */
    @Override
    public boolean isPauseable() {
        return false;
    }

    // ---- specs ----

    private SupervisorSpec spec(SupervisorNode node) {
        List<ChildSpec> children = new ArrayList<>(node.children().size());
        for (Node child : node.children()) {
            children.add(switch (child) {
                case ProcessNode process -> childSpec(process);
                case SupervisorNode supervisor -> nestedSpec(supervisor);
                case DynamicNode dynamic -> dynamicSpec(dynamic);
            });
        }
        return new SupervisorSpec(node.strategy(), node.maxRestarts(), node.within(), children);
    }

    private ChildSpec childSpec(ProcessNode process) {
        Class<?> type = process.type();
        Supplier<?> incarnation = () -> beanFactory.createBean(type);
        SupervisedProcessRef<?> ref = refs.get(process.name());
        return ChildSpec.worker(process.name(), new NamedSupplier(incarnation, process.name()))
                .withRestart(process.restart())
                .withShutdown(process.shutdown())
                .withMailbox(process.mailbox())
                .withName(new IncarnationName(process.name(), ref));
    }

    private ChildSpec nestedSpec(SupervisorNode supervisor) {
        SupervisorSpec spec = spec(supervisor);
        return ChildSpec.worker(supervisor.name(), () -> new NestedSupervisor(() -> {
                    Supervisor handle = Supervisor.startLink(spec);
                    scheduler.register(supervisor.name(), handle.ref());
                    nested.put(supervisor.name(), handle);
                    bindChildren(handle, supervisor, false);
                    return new NestedSupervisor.Started(handle.ref(), handle::stop);
                }))
                .withShutdown(Shutdown.infinity());
    }

    private ChildSpec dynamicSpec(DynamicNode node) {
        DynamicChildren<?> children = dynamics.get(node.name());
        DynamicSupervisorSpec spec = children.spec();
        return ChildSpec.worker(node.name(), () -> new NestedSupervisor(() -> {
                    DynamicSupervisor handle = DynamicSupervisor.startLink(spec);
                    scheduler.register(node.name(), handle.ref());
                    children.bind(handle);
                    return new NestedSupervisor.Started(handle.ref(), handle::stop);
                }))
                .withShutdown(Shutdown.infinity());
    }

    /**
     * Points the refs of the supervisor's processes at their stable child refs. A root's child is never
     * bound again, so its slot's end is its ref's end; a nested supervisor's child may be (when that
     * supervisor restarts), so its ref ends with its root ({@link #rootTerminated}) or with the tree.
     */
    private void bindChildren(Supervisor supervisor, SupervisorNode node, boolean root) {
        for (Node child : node.children()) {
            if (child instanceof ProcessNode process) {
                SupervisedProcessRef<?> ref = refs.get(process.name());
                supervisor.<Object>child(process.name()).ifPresent(stable -> {
                    ref.bind(stable);
                    if (root) {
                        stable.termination().thenAccept(ref::terminated);
                    }
                });
            }
        }
    }

    private static boolean restarts(SupervisorNode root) {
        return root.onGiveUp().action() == GiveUpAction.RESTART;
    }

    /** A root gave up or was stopped: nothing restarts its processes any more, unless it restarts itself. */
    private void rootTerminated(SupervisorNode root, Supervisor supervisor, ExitReason reason) {
        if (running && restarts(root)) {
            restartLater(root, supervisor.hasGivenUp(), reason);
            return;
        }
        root.supervisors().flatMap(s -> s.children().stream())
                .forEach(child -> {
                    if (child instanceof ProcessNode process) {
                        refs.get(process.name()).terminated(reason);
                    }
                });
        if (running) {
            boolean gaveUp = supervisor.hasGivenUp();
            String description = describe(root, gaveUp, reason);
            failedRoots.put(root.name(), new RootFailure(gaveUp, reason, description));
            root.supervisors().flatMap(s -> s.children().stream())
                    .forEach(child -> {
                        if (child instanceof DynamicNode dynamic) {
                            dynamics.get(dynamic.name()).rootEnded("its root supervisor '" + root.name() + "' " + description);
                        }
                    });
            LOG.error("Root supervisor '" + root.name() + "' " + description + ". Nothing restarts its processes "
                    + root.supervisors().flatMap(s -> s.children().stream()).map(Node::name).toList()
                    + "; see 'When the root gives up' in docs/supervisors.md.");
            if (root.onGiveUp().action() == GiveUpAction.BREAK_LIVENESS) {
                AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
            }
        }
    }

    /**
     * On-give-up restart (Akka's BackoffSupervisor): the root starts again after a delay that doubles with
     * each restart in a row, from min-delay to max-delay; a root that ran longer than max-delay starts
     * a new row.
     */
    private void restartLater(SupervisorNode root, boolean gaveUp, ExitReason reason) {
        long ranFor = System.nanoTime() - rootStartedAt.getOrDefault(root.name(), System.nanoTime());
        int attempt = ranFor > root.onGiveUp().maxDelay().toNanos() ? 1 : restartsInARow.getOrDefault(root.name(), 0) + 1;
        scheduleRestart(root, attempt, whatHappened(root, gaveUp, reason), gaveUp, reason);
    }

    private void scheduleRestart(SupervisorNode root, int attempt, String what, boolean gaveUp, ExitReason reason) {
        restartsInARow.put(root.name(), attempt);
        Duration delay = root.onGiveUp().delay(attempt);
        String description = what + "; it starts again in " + readable(delay) + " (restart " + attempt
                + " in a row; on-give-up: restart)";
        failedRoots.put(root.name(), new RootFailure(gaveUp, reason, description));
        forDynamicsOf(root, dynamic -> dynamic.rootEnded("its root supervisor '" + root.name() + "' " + description));
        LOG.error("Root supervisor '" + root.name() + "' " + description + ". Until then its processes "
                + root.supervisors().flatMap(s -> s.children().stream()).map(Node::name).toList() + " do not run.");
        Executor restarter = task -> Thread.ofVirtual().name("actor-restart-" + root.name()).start(task);
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, restarter)
                .execute(() -> restartRoot(root, attempt, gaveUp, reason));
    }

    /** Starts a root that gave up again, in its place among the roots; tries again later if it fails to start. */
    private synchronized void restartRoot(SupervisorNode root, int attempt, boolean gaveUp, ExitReason reason) {
        if (!running) {
            return; // the tree stopped meanwhile
        }
        Supervisor supervisor;
        try {
            supervisor = Supervisor.start(scheduler, spec(root));
        } catch (RuntimeException failed) {
            LOG.error("Root supervisor '" + root.name() + "' failed to start again: " + failed, failed);
            scheduleRestart(root, attempt + 1, "failed to start again (" + failed.getMessage() + ")", gaveUp, reason);
            return;
        }
        scheduler.register(root.name(), supervisor.ref());
        roots.set(plan.roots().indexOf(root), supervisor);
        Map<String, Supervisor> now = new LinkedHashMap<>(runningRoots);
        now.put(root.name(), supervisor);
        runningRoots = Collections.unmodifiableMap(now);
        rootStartedAt.put(root.name(), System.nanoTime());
        forDynamicsOf(root, dynamic -> dynamic.rootEnded(null));
        bindChildren(supervisor, root, false);
        failedRoots.remove(root.name());
        supervisor.ref().termination().thenAccept(ended -> rootTerminated(root, supervisor, ended));
        LOG.info("Root supervisor '" + root.name() + "' started again (restart " + attempt + " in a row)");
    }

    private void forDynamicsOf(SupervisorNode root, java.util.function.Consumer<DynamicChildren<?>> action) {
        root.supervisors().flatMap(s -> s.children().stream()).forEach(child -> {
            if (child instanceof DynamicNode dynamic) {
                action.accept(dynamics.get(dynamic.name()));
            }
        });
    }

    // ---- stopping ----

    private void stopRoots() {
        for (int i = roots.size() - 1; i >= 0; i--) {
            Supervisor root = roots.get(i);
            try {
                stopChildren(root, plan.roots().get(i));
            } catch (RuntimeException failure) {
                LOG.warn("Stopping the children of root supervisor '" + plan.roots().get(i).name() + "' one by one failed;"
                        + " stopping it at once: " + failure, failure);
            }
            if (root.ref().isAlive()) {
                root.stop();
            }
        }
        roots.clear();
        nested.clear();
    }

    /**
     * Stops a supervisor's children in reverse start order: each process once its mailbox has drained
     * (within its shutdown timeout), each nested supervisor after its own children. The supervisor
     * itself stays: a nested one is stopped by its parent (stopping it here would look like a crash
     * to the parent, which would restart it), a root by {@link #stopRoots()}.
     */
    private void stopChildren(Supervisor supervisor, SupervisorNode node) {
        if (!supervisor.ref().isAlive()) {
            return; // it gave up: its children are stopped already
        }
        List<Node> children = node.children();
        for (int i = children.size() - 1; i >= 0; i--) {
            Node child = children.get(i);
            switch (child) {
                case ProcessNode process -> drain(process);
                case SupervisorNode inner -> {
                    Supervisor handle = nested.get(inner.name());
                    if (handle != null) {
                        stopChildren(handle, inner);
                    }
                }
                case DynamicNode dynamic -> { // its supervisor stops them at once
                    dynamics.get(dynamic.name()).drain(withinDeadline(dynamic.process().shutdown()));
                    reportIfPastDeadline();
                }
            }
            supervisor.terminateChild(child.name());
        }
    }

    /**
     * Waits until the process has handled every message in its mailbox and waits for more, or its
     * shutdown timeout has passed; a brutal-kill process is not waited for.
     */
    private void drain(ProcessNode process) {
        SupervisedProcessRef<?> ref = refs.get(process.name());
        Shutdown within = withinDeadline(process.shutdown());
        awaitQuiet(within, () -> {
            ProcessRef<Object> incarnation = ref.incarnation();
            Optional<ProcessInfo> info = incarnation == null ? Optional.empty() : scheduler.info(incarnation);
            // Idle with an empty mailbox; or not running (stopped for good, or between incarnations: its
            // supervisor handles the rest).
            return info.isPresent() ? info.get().status() == ProcessStatus.WAITING && info.get().mailboxSize() == 0
                    : !ref.isAlive();
        }, () -> "Process '" + process.name() + "' still had messages after " + (within.equals(process.shutdown())
                ? "its shutdown timeout " + process.shutdown() : "the time left before the deadline of the tree's stop")
                + "; stopping it anyway");
        reportIfPastDeadline();
    }

    private void reportIfPastDeadline() {
        if (System.nanoTime() - stopDeadline >= 0 && stopDeadline != Long.MAX_VALUE) {
            reportDeadline();
        }
    }

    /**
     * The shutdown, shortened to the time left before the deadline of an asynchronous stop. At the deadline,
     * the processes still running are logged by name, once, and each is stopped without waiting.
     */
    Shutdown withinDeadline(Shutdown shutdown) {
        long deadline = stopDeadline;
        if (deadline == Long.MAX_VALUE || shutdown instanceof Shutdown.BrutalKill) {
            return shutdown;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            reportDeadline();
            return Shutdown.brutalKill();
        }
        Duration remaining = Duration.ofNanos(left);
        return switch (shutdown) {
            case Shutdown.Timeout finite when finite.duration().compareTo(remaining) <= 0 -> shutdown;
            default -> Shutdown.timeout(remaining);
        };
    }

    private void reportDeadline() {
        if (deadlineReported) {
            return;
        }
        deadlineReported = true;
        List<String> alive = new ArrayList<>();
        refs.forEach((name, ref) -> {
            if (ref.isAlive()) {
                alive.add(name);
            }
        });
        dynamics.forEach((name, dynamic) -> {
            if (dynamic.current().isPresent()) {
                alive.add(name + " (dynamic supervisor, its children with it)");
            }
        });
        LOG.warn("The process tree did not stop within spring.lifecycle.timeout-per-shutdown-phase (less a margin, "
                + stopBudget.toMillis() + " ms); killing what still runs, without draining its mailbox: " + alive);
    }

    /**
     * Waits until {@code quiet} holds or the shutdown timeout has passed (then logs {@code late}); does not
     * wait for brutal-kill. Polls with a growing pause (up to 10 ms): the runtime offers no drain notification.
     */
    static void awaitQuiet(Shutdown shutdown, BooleanSupplier quiet, Supplier<String> late) {
        long timeout = switch (shutdown) {
            case Shutdown.BrutalKill kill -> 0;
            case Shutdown.Infinity infinity -> Long.MAX_VALUE;
            case Shutdown.Timeout finite -> finite.duration().toNanos();
        };
        if (timeout == 0) {
            return;
        }
        long start = System.nanoTime();
        long pause = 10_000;
        while (!quiet.getAsBoolean()) {
            if (System.nanoTime() - start >= timeout) {
                LOG.warn(late.get());
                return;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
    }

    /** A factory whose {@code toString} names the process, for the runtime's messages. */
    private record NamedSupplier(Supplier<?> factory, String name) implements Supplier<Object> {
        @Override
        public Object get() {
            return factory.get();
        }

        @Override
        public String toString() {
            // Read by the runtime as "the process factory <this> threw: ...".
            return "of process '" + name + "' (an instance from the bean factory)";
        }
    }

    /**
     * Registers each incarnation under the process name, as Erlang's {@code {local, Name}}, and tells
     * the ref which incarnation runs now.
     */
    private record IncarnationName(String name, SupervisedProcessRef<?> ref) implements ProcessName {
        @Override
        public void register(Scheduler scheduler, ProcessRef<?> process) {
            @SuppressWarnings("unchecked") // every incarnation is a ProcessRef<Object> to the supervisor
            ProcessRef<Object> incarnation = (ProcessRef<Object>) process;
            ref.started(incarnation);
            scheduler.register(name, process);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
