package dev.actorkit.supervisor;

import dev.actorkit.Call;
import dev.actorkit.Down;
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.MonitorRef;
import dev.actorkit.NameTakenException;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessBody;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.ProcessStartException;
import dev.actorkit.SchedulerClosedException;
import dev.actorkit.internal.ChildSlot;
import dev.actorkit.internal.Runtime;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The supervisor process: a blocking-style process that traps exits, starts its children, restarts
 * them by strategy and restart type within its intensity, answers administration calls, and stops its
 * children in reverse order (a dynamic supervisor: all at once) when its parent exits or it is stopped.
 *
 * <p>Concurrency: all state is confined to the supervisor's own thread; other threads reach it only
 * through messages ({@link Request} calls, {@link Exit} signals, {@link TryAgain} to itself). The one
 * shared structure, the set of supervisors that gave up, is synchronized.
 */
final class SupervisorServer implements ProcessBody {

    private static final System.Logger LOG = System.getLogger("dev.actorkit.Supervisor");
    private static final String DYNAMIC_ID = "undefined";
    /**
     * The supervisor processes that gave up: their exit reason is {@code SHUTDOWN}, as after a stop (as
     * in OTP), so this is what tells the two apart. Weak: an entry goes with its process object.
     */
    private static final Set<ProcessRef<?>> GAVE_UP = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /** Administration requests, sent as calls. */
    sealed interface Request permits StartChild, TerminateChild, RestartChild, DeleteChild, WhichChildren, CountChildren,
            GetChild, Stop {
    }

    record StartChild(ChildSpec spec) implements Request {
    }

    /** By id (static supervisor) or by ref (dynamic supervisor). */
    record TerminateChild(Object key) implements Request {
    }

    record RestartChild(String id) implements Request {
    }

    record DeleteChild(String id) implements Request {
    }

    record WhichChildren() implements Request {
    }

    record CountChildren() implements Request {
    }

    record GetChild(String id) implements Request {
    }

    record Stop(ExitReason reason) implements Request {
    }

    /** A failed administration request, thrown again by the client on the caller's thread. */
    record Failure(RuntimeException exception) {
    }

    /** Sent to itself after a failed restart, as OTP's {@code try_again_restart}. */
    private record TryAgain(Child child) {
    }

    /** One child: its spec, its stable slot, its live incarnation. Supervisor thread only. */
    private static final class Child {
        ChildSpec spec;
        final ChildSlot<Object> slot;
        @Nullable ProcessRef<Object> incarnation;
        boolean restarting;
        int restarts;

        Child(ChildSpec spec, ChildSlot<Object> slot) {
            this.spec = spec;
            this.slot = slot;
        }

        ChildState state() {
            if (incarnation != null) {
                return ChildState.RUNNING;
            }
            return restarting ? ChildState.RESTARTING : ChildState.STOPPED;
        }
    }

    private final @Nullable SupervisorSpec spec;
    private final @Nullable DynamicSupervisorSpec dynamicSpec;
    private final ProcessRef<?> parent;
    private final CompletableFuture<Void> started;
    /** In start order; keyed by the stable slot so that a dynamic child is found and removed in O(1). */
    private final LinkedHashMap<ChildSlot<Object>, Child> children = new LinkedHashMap<>();
    private final Map<ProcessRef<?>, Child> byIncarnation = new HashMap<>();
    private final ArrayDeque<Long> restartTimes = new ArrayDeque<>();
    private @Nullable ProcessContext ctx;

    private SupervisorServer(@Nullable SupervisorSpec spec, @Nullable DynamicSupervisorSpec dynamicSpec,
                             ProcessRef<?> parent, CompletableFuture<Void> started) {
        this.spec = spec;
        this.dynamicSpec = dynamicSpec;
        this.parent = parent;
        this.started = started;
    }

    static SupervisorServer of(SupervisorSpec spec, ProcessRef<?> parent, CompletableFuture<Void> started) {
        return new SupervisorServer(spec, null, parent, started);
    }

    static SupervisorServer dynamic(DynamicSupervisorSpec spec, ProcessRef<?> parent, CompletableFuture<Void> started) {
        return new SupervisorServer(null, spec, parent, started);
    }

    /** Whether the supervisor process {@code supervisor} (or a child slot's latest incarnation) gave up. */
    static boolean hasGivenUp(ProcessRef<?> supervisor) {
        ProcessRef<?> process = supervisor instanceof ChildSlot<?> slot ? slot.incarnation() : supervisor;
        return process != null && GAVE_UP.contains(process);
    }

    private boolean isDynamic() {
        return dynamicSpec != null;
    }

    private int maxRestarts() {
        return spec != null ? spec.maxRestarts() : dynamicSpec.maxRestarts();
    }

    private Duration within() {
        return spec != null ? spec.within() : dynamicSpec.within();
    }

    @Override
    public void run(ProcessContext ctx) {
        this.ctx = ctx;
        ctx.trapExits(true);
        if (spec != null) {
            for (ChildSpec childSpec : spec.children()) {
                Child child = new Child(childSpec, ChildSlot.create(ctx.scheduler(), childSpec.mailbox()));
                try {
                    start(child);
                } catch (RuntimeException failure) {
                    // OTP: stop what has started, report, exit with {shutdown, {failed_to_start_child, Id, Reason}}.
                    stopAll(ExitReason.SHUTDOWN);
                    child.slot.close(ExitReason.SHUTDOWN);
                    started.completeExceptionally(new ProcessStartException("supervisor " + ctx.self().pid()
                            + " could not start child '" + childSpec.id() + "': " + failure.getMessage(), failure));
                    ctx.exit(ExitReason.shutdown("failed to start child " + childSpec.id()));
                }
                children.put(child.slot, child);
            }
        }
        started.complete(null);
        while (true) {
            switch (ctx.receive()) {
                case Exit exit when exit.from().equals(parent) -> {
                    stopAll(ExitReason.SHUTDOWN);
                    ctx.exit(exit.reason());
                }
                case Exit exit -> {
                    Child child = byIncarnation.remove(exit.from());
                    if (child != null) {
                        childExited(child, exit.reason());
                    }
                }
                case Call call when call.request() instanceof Stop stop -> {
                    stopAll(ExitReason.SHUTDOWN);
                    call.reply(null);
                    ctx.exit(stop.reason());
                }
                case Call call when call.request() instanceof Request request -> call.reply(answer(request));
                case TryAgain again -> tryAgain(again.child());
                case Object other -> LOG.log(Level.WARNING, () -> "supervisor " + ctx.self().pid()
                        + " ignored an unexpected message: " + other);
            }
        }
    }

    // ---- exits and restarts ----

    private void childExited(Child child, ExitReason reason) {
        child.incarnation = null;
        if (!child.spec.restart().restartsAfter(reason)) {
            child.slot.close(reason);
            if (isDynamic() || child.spec.restart() == Restart.TEMPORARY) {
                children.remove(child.slot);
            }
            return;
        }
        if (!reason.isNormal() && !reason.isShutdown()) {
            LOG.log(Level.INFO, () -> "supervisor " + self() + ": child '" + idOf(child) + "' exited with " + reason
                    + "; restarting");
        }
        if (!recordRestart()) {
            giveUp();
        }
        Strategy strategy = spec != null ? spec.strategy() : Strategy.ONE_FOR_ONE;
        switch (strategy) {
            case ONE_FOR_ONE -> restart(child);
            case ONE_FOR_ALL -> restartFrom(children.values().iterator().next(), child);
            case REST_FOR_ONE -> restartFrom(child, child);
        }
    }

    /**
     * Stops the running children from {@code first} on (in reverse order) except {@code failed}, which
     * is dead already, then starts them all again in order. Temporary bystanders are stopped for good.
     */
    private void restartFrom(Child first, Child failed) {
        List<Child> affected = new ArrayList<>();
        boolean on = false;
        for (Child child : children.values()) {
            on |= child == first;
            if (on) {
                affected.add(child);
            }
        }
        for (int i = affected.size() - 1; i >= 0; i--) {
            Child child = affected.get(i);
            if (child == failed) {
                continue;
            }
            boolean temporary = child.spec.restart() == Restart.TEMPORARY;
            stop(child, temporary);
            if (temporary) {
                children.remove(child.slot);
            }
        }
        for (Child child : affected) {
            if (children.containsKey(child.slot)) {
                restart(child);
            }
        }
    }

    private void restart(Child child) {
        try {
            start(child);
            child.restarts++;
            if (ctx.scheduler() instanceof Runtime runtime) {
                runtime.childRestarted(self(), idOf(child));
            }
        } catch (SchedulerClosedException closing) {
            child.restarting = false; // the scheduler is closing: nothing is restarted any more
            child.slot.close(ExitReason.SHUTDOWN);
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, () -> "supervisor " + self() + ": restarting child '" + idOf(child) + "' failed: "
                    + failure + "; trying again");
            child.restarting = true;
            self().send(new TryAgain(child));
        }
    }

    private void tryAgain(Child child) {
        if (!child.restarting || child.incarnation != null || !children.containsKey(child.slot)) {
            return; // restarted meanwhile, or gone
        }
        if (!recordRestart()) {
            giveUp();
        }
        restart(child);
    }

    /** Counts a restart; false when that exceeds the intensity. */
    private boolean recordRestart() {
        long now = System.nanoTime();
        long windowStart = now - within().toNanos();
        while (!restartTimes.isEmpty() && restartTimes.peekFirst() - windowStart < 0) {
            restartTimes.pollFirst();
        }
        restartTimes.addLast(now);
        return restartTimes.size() <= maxRestarts();
    }

    private void giveUp() {
        GAVE_UP.add(self());
        LOG.log(Level.ERROR, () -> "supervisor " + self() + " reached its restart intensity (more than " + maxRestarts()
                + " restarts within " + within() + "); stopping its children and exiting with shutdown");
        stopAll(ExitReason.SHUTDOWN);
        ctx.exit(ExitReason.SHUTDOWN);
    }

    // ---- starting and stopping one child ----

    private void start(Child child) {
        ChildSlot<Object> slot = child.slot;
        if (slot.isClosed()) {
            slot.reopen();
        }
        ProcessRef<Object> incarnation = switch (child.spec.start()) {
            case ChildSpec.Start.Factory factory -> slot.startWorker(factory.factory());
            case ChildSpec.Start.Body body -> slot.startWorker(body.body());
            case ChildSpec.Start.Nested nested -> startNested(slot, nested.spec());
        };
        child.incarnation = incarnation;
        child.restarting = false;
        byIncarnation.put(incarnation, child);
        if (child.spec.name() != null) {
            try {
                child.spec.name().register(ctx.scheduler(), incarnation);
            } catch (NoProcessException crashedAlready) {
                // It died before it could be named; its Exit is on its way and drives the restart.
            } catch (NameTakenException taken) {
                stop(child, false);
                throw new ProcessStartException("child '" + child.spec.id() + "' started, but its name is taken: "
                        + taken.getMessage(), taken);
            }
        }
    }

    private ProcessRef<Object> startNested(ChildSlot<Object> slot, SupervisorSpec nested) {
        CompletableFuture<Void> nestedStarted = new CompletableFuture<>();
        ProcessRef<Object> incarnation = slot.startWorker(of(nested, ctx.self(), nestedStarted));
        SupervisorClient.awaitStart(nestedStarted, incarnation);
        return incarnation;
    }

    /**
     * Stops a child as its shutdown spec says: monitor, unlink, exit signal, wait for the Down (then
     * kill after a timeout). Monitoring rather than relying on the link means a child that unlinked
     * itself cannot hang the shutdown. With {@code forGood}, its slot closes.
     */
    private void stop(Child child, boolean forGood) {
        ProcessRef<Object> incarnation = child.incarnation;
        child.incarnation = null;
        child.restarting = false;
        ExitReason reason = ExitReason.SHUTDOWN;
        if (incarnation != null) {
            byIncarnation.remove(incarnation);
            MonitorRef monitor = signal(incarnation, child.spec.shutdown());
            reason = awaitDown(incarnation, monitor, child.spec.shutdown());
        }
        if (forGood) {
            child.slot.close(reason);
        }
    }

    private MonitorRef signal(ProcessRef<Object> incarnation, Shutdown shutdown) {
        MonitorRef monitor = ctx.monitor(incarnation);
        ctx.unlink(incarnation);
        ctx.exit(incarnation, shutdown instanceof Shutdown.BrutalKill ? ExitReason.KILL : ExitReason.SHUTDOWN);
        return monitor;
    }

    private ExitReason awaitDown(ProcessRef<Object> incarnation, MonitorRef monitor, Shutdown shutdown) {
        Optional<Object> down = shutdown instanceof Shutdown.Timeout timeout
                ? ctx.receive(isDown(monitor), timeout.duration())
                : Optional.of(ctx.receive(isDown(monitor), Duration.ofDays(36500)).orElseThrow());
        if (down.isEmpty()) {
            ctx.exit(incarnation, ExitReason.KILL); // did not stop in time
            down = ctx.receive(isDown(monitor), Duration.ofDays(36500));
        }
        // It may have died before the unlink: drop the Exit that its link delivered.
        ctx.receive(m -> m instanceof Exit exit && exit.from().equals(incarnation), Duration.ZERO);
        return ((Down) down.orElseThrow()).reason();
    }

    private static java.util.function.Predicate<Object> isDown(MonitorRef monitor) {
        return message -> message instanceof Down down && down.ref().equals(monitor);
    }

    /** Stops every child: in reverse start order, or (dynamic) all at once. Slots close. */
    private void stopAll(ExitReason reason) {
        List<Child> all = new ArrayList<>(children.values());
        if (isDynamic()) {
            stopAllAtOnce(all, reason);
        } else {
            for (int i = all.size() - 1; i >= 0; i--) {
                stop(all.get(i), true);
            }
        }
    }

    /**
     * A dynamic supervisor stops its children in parallel: every child gets its exit signal first, then
     * the {@code Down}s are taken in whatever order they come, and a child still alive at its own
     * deadline is killed.
     */
    private void stopAllAtOnce(List<Child> all, ExitReason reason) {
        Map<MonitorRef, Child> pending = new HashMap<>();
        PriorityQueue<Map.Entry<Long, Child>> deadlines = new PriorityQueue<>((a, b) -> Long.compare(a.getKey() - b.getKey(), 0));
        long now = System.nanoTime();
        for (Child child : all) {
            ProcessRef<Object> incarnation = child.incarnation;
            if (incarnation == null) {
                child.slot.close(reason);
                continue;
            }
            byIncarnation.remove(incarnation);
            pending.put(signal(incarnation, child.spec.shutdown()), child);
            if (child.spec.shutdown() instanceof Shutdown.Timeout timeout) {
                deadlines.add(Map.entry(now + timeout.duration().toNanos(), child));
            }
        }
        while (!pending.isEmpty()) {
            while (!deadlines.isEmpty() && deadlines.peek().getValue().incarnation == null) {
                deadlines.poll(); // stopped already
            }
            Duration wait = deadlines.isEmpty() ? Duration.ofDays(36500)
                    : Duration.ofNanos(Math.max(0, deadlines.peek().getKey() - System.nanoTime()));
            Optional<Down> down = ctx.receive(Down.class, wait).filter(d -> pending.containsKey(d.ref()));
            if (down.isPresent()) {
                Child child = pending.remove(down.get().ref());
                child.incarnation = null; // an Exit it sent before the unlink is stale now: the loop ignores it
                child.slot.close(down.get().reason());
                continue;
            }
            long at = System.nanoTime();
            while (!deadlines.isEmpty() && deadlines.peek().getKey() - at <= 0) {
                Child late = deadlines.poll().getValue();
                if (late.incarnation != null) {
                    ctx.exit(late.incarnation, ExitReason.KILL); // did not stop in time; its Down follows
                }
            }
        }
    }

    // ---- administration ----

    private Object answer(Request request) {
        try {
            return switch (request) {
                case StartChild start -> startChild(start.spec());
                case TerminateChild terminate -> {
                    terminateChild(terminate.key());
                    yield true;
                }
                case RestartChild restart -> restartChild(restart.id());
                case DeleteChild delete -> {
                    deleteChild(delete.id());
                    yield true;
                }
                case WhichChildren which -> whichChildren();
                case CountChildren count -> countChildren();
                case GetChild get -> find(get.id()).map(child -> (Object) child.slot).orElse(false);
                case Stop stop -> throw new IllegalStateException("handled by the loop");
            };
        } catch (RuntimeException failure) {
            return new Failure(failure);
        }
    }

    private ProcessRef<Object> startChild(ChildSpec childSpec) {
        if (isDynamic()) {
            if (children.size() >= dynamicSpec.maxChildren()) {
                throw new SupervisorException(SupervisorException.Reason.MAX_CHILDREN, "dynamic supervisor " + self()
                        + " already has its maximum of " + dynamicSpec.maxChildren() + " children");
            }
        } else {
            Optional<Child> existing = find(childSpec.id());
            if (existing.isPresent()) {
                boolean running = existing.get().incarnation != null;
                throw new SupervisorException(running ? SupervisorException.Reason.ALREADY_STARTED
                        : SupervisorException.Reason.ALREADY_PRESENT, "supervisor " + self() + " already has a child '"
                        + childSpec.id() + "'" + (running ? ", running" : "; restart or delete it first"));
            }
        }
        Child child = new Child(childSpec, ChildSlot.create(ctx.scheduler(), childSpec.mailbox()));
        try {
            start(child);
        } catch (RuntimeException failure) {
            child.slot.close(ExitReason.SHUTDOWN);
            throw failure;
        }
        children.put(child.slot, child);
        return child.slot;
    }

    private void terminateChild(Object key) {
        Child child = key instanceof String id ? find(id).orElse(null) : findByRef((ProcessRef<?>) key);
        if (child == null) {
            throw notFound(key);
        }
        stop(child, true);
        if (isDynamic() || child.spec.restart() == Restart.TEMPORARY) {
            children.remove(child.slot);
        }
    }

    private ProcessRef<Object> restartChild(String id) {
        Child child = find(id).orElseThrow(() -> notFound(id));
        checkStopped(child, "restart");
        start(child);
        return child.slot;
    }

    private void deleteChild(String id) {
        Child child = find(id).orElseThrow(() -> notFound(id));
        checkStopped(child, "delete");
        children.remove(child.slot);
        child.slot.close(ExitReason.SHUTDOWN);
    }

    private void checkStopped(Child child, String what) {
        if (child.incarnation != null) {
            throw new SupervisorException(SupervisorException.Reason.RUNNING, "cannot " + what + " child '"
                    + child.spec.id() + "' of supervisor " + self() + ": it is running; terminate it first");
        }
        if (child.restarting) {
            throw new SupervisorException(SupervisorException.Reason.RESTARTING, "cannot " + what + " child '"
                    + child.spec.id() + "' of supervisor " + self() + ": it is being restarted");
        }
    }

    private List<ChildInfo> whichChildren() {
        List<ChildInfo> infos = new ArrayList<>(children.size());
        for (Child child : children.values()) {
            infos.add(new ChildInfo(idOf(child), child.slot, child.spec.type(), child.state(), child.restarts));
        }
        return infos;
    }

    private ChildCounts countChildren() {
        int active = 0;
        int supervisors = 0;
        for (Child child : children.values()) {
            if (child.incarnation != null) {
                active++;
            }
            if (child.spec.type() == ChildType.SUPERVISOR) {
                supervisors++;
            }
        }
        return new ChildCounts(children.size(), active, supervisors, children.size() - supervisors);
    }

    private Optional<Child> find(String id) {
        if (isDynamic()) {
            return Optional.empty();
        }
        for (Child child : children.values()) {
            if (child.spec.id().equals(id)) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    private @Nullable Child findByRef(ProcessRef<?> ref) {
        Child child = ref instanceof ChildSlot<?> ? children.get(ref) : byIncarnation.get(ref);
        return child;
    }

    private SupervisorException notFound(Object key) {
        return new SupervisorException(SupervisorException.Reason.NOT_FOUND, "supervisor " + self()
                + " has no child " + (key instanceof String ? "'" + key + "'" : String.valueOf(key)));
    }

    private String idOf(Child child) {
        return isDynamic() ? DYNAMIC_ID : child.spec.id();
    }

    private ProcessRef<Object> self() {
        return ctx.self();
    }
}
