package dev.actorkit.internal;

import dev.actorkit.DeadLetter;
import dev.actorkit.ExitReason;
import dev.actorkit.MailboxConfig;
import dev.actorkit.MonitorRef;
import dev.actorkit.NoProcessException;
import dev.actorkit.NotInProcessException;
import dev.actorkit.ProcessBody;
import dev.actorkit.ProcessInfo;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.SchedulerClosedException;
import dev.actorkit.SchedulerConfig;
import dev.actorkit.TimerRef;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.actorkit.ContextPropagator;
import dev.actorkit.ObservedProcess;
import dev.actorkit.ProcessObserver;
import dev.actorkit.ProcessStartException;
import dev.actorkit.SchedulerStats;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Scheduler}: the process table, the name table, timers and dead letters.
 *
 * <p>Concurrency: thread-safe. The tables are concurrent maps; a process's own state is guarded by its
 * cell (see {@link ProcessCell}). The run state moves one way, OPEN → CLOSING → CLOSED: while CLOSING
 * nothing new may be spawned but processes still exchange messages to finish; once CLOSED sends fail.
 */
public final class Runtime implements Scheduler {

    static final System.Logger LOG = System.getLogger("dev.actorkit.Process");
    private static final GuestFailures PROPAGATOR_FAILURES = new GuestFailures("dev.actorkit.ContextPropagator");

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private final SchedulerConfig config;
    private final AtomicLong nextPid = new AtomicLong(1);
    private final AtomicLong nextRef = new AtomicLong(1);
    private final Set<ProcessCell> live = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, ProcessCell> names = new ConcurrentHashMap<>();
    private final DeadLetters deadLetters = new DeadLetters();
    private final ScheduledThreadPoolExecutor timers;
    private final SystemRef systemRef = new SystemRef(this);
    private final LongAdder spawned = new LongAdder();
    /** The pool threads alive now, and the activations of those that ended (see {@link WorkerRoster}). */
    private final WorkerRoster roster = new WorkerRoster();
    /** Activations on virtual threads ({@code blocking = true}); pool threads count their own. */
    final LongAdder activationsOffPool = new LongAdder();
    private final AtomicInteger runState = new AtomicInteger(OPEN);
    /** Messages an event-driven process handles per activation. */
    final int throughput;
    private final ForkJoinPool pool;
    private final SlowHandlerWatchdog watchdog;
    /** The configured observers as one, or null: the hot path then checks this and does nothing else. */
    final @Nullable Observers observer;
    /** Carries senders' context with their messages, or null: messages then travel bare. */
    private final @Nullable ContextPropagator propagator;

    public Runtime(SchedulerConfig config) {
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.throughput = config.throughput();
        this.observer = Observers.of(config.observers());
        this.propagator = config.contextPropagator();
        if (observer != null) {
            deadLetters.subscribe(observer::deadLetter);
        }
        this.watchdog = new SlowHandlerWatchdog(config.slowHandlerThreshold());
        AtomicInteger workerNumber = new AtomicInteger();
        int parallelism = config.effectiveParallelism();
        // maximumPoolSize caps the stand-ins managedBlock adds for blocked handlers; the saturate predicate
        // lets a handler past the cap block without one instead of failing with RejectedExecutionException.
        this.pool = new ForkJoinPool(parallelism, forkJoinPool -> {
            return new Worker(forkJoinPool, "actorkit-worker-" + workerNumber.incrementAndGet(), watchdog, roster);
        }, (thread, failure) -> LOG.log(Level.ERROR, "uncaught failure on " + thread.getName(), failure), true,
                0, parallelism + config.maxBlockingThreads(), 1, atCap -> true, 60, TimeUnit.SECONDS);
        this.timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "actorkit-timers");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
    }

    @Override
    public SchedulerConfig config() {
        return config;
    }

    // ---- spawning ----

    @Override
    public ProcessRef<Object> spawn(ProcessBody body) {
        return spawn(body, MailboxConfig.unbounded());
    }

    @Override
    public ProcessRef<Object> spawn(ProcessBody body, MailboxConfig mailbox) {
        Objects.requireNonNull(body, "body must not be null");
        Objects.requireNonNull(mailbox, "mailbox must not be null");
        BlockingProcess process = newProcess(body, null, mailbox);
        process.start();
        return process;
    }

    @Override
    public <T> ProcessRef<T> spawn(Supplier<? extends T> factory) {
        return spawnEvent(factory, null, null, MailboxConfig.unbounded());
    }

    @Override
    public <T> ProcessRef<T> spawn(Supplier<? extends T> factory, MailboxConfig mailbox) {
        Objects.requireNonNull(mailbox, "mailbox must not be null");
        return spawnEvent(factory, null, null, mailbox);
    }

    /** Spawns an annotation-driven process linked to {@code parent} before it runs. */
    <T> ProcessRef<T> spawnLinked(Supplier<? extends T> factory, ProcessCell parent) {
        return spawnEvent(factory, parent, null, MailboxConfig.unbounded());
    }

    /** Starts an incarnation of a supervised child, linked to the calling process (its supervisor). */
    ProcessRef<Object> spawnInSlot(ChildSlot<?> slot, Supplier<?> factory) {
        return spawnEvent(factory, supervisorOf(slot), slot, MailboxConfig.unbounded());
    }

    /** Starts a blocking-style incarnation of a supervised child, linked to the calling process. */
    ProcessRef<Object> spawnInSlot(ChildSlot<?> slot, ProcessBody body) {
        Objects.requireNonNull(body, "body must not be null");
        ProcessCell supervisor = supervisorOf(slot);
        BlockingProcess process = newProcess(body, slot, MailboxConfig.unbounded());
        linkBeforeStart(supervisor, process);
        slot.started(process);
        process.start();
        return process;
    }

    /** Links a child that has not run yet to its parent; if the parent is dead, the child never runs. */
    private static void linkBeforeStart(ProcessCell parent, ProcessCell child) {
        try {
            parent.linkUnstartedChild(child);
        } catch (RuntimeException parentDead) {
            child.terminate(ExitReason.NOPROC);
            throw parentDead;
        }
    }

    private ProcessCell supervisorOf(ChildSlot<?> slot) {
        ProcessCell supervisor = ProcessCell.current();
        if (supervisor == null) {
            throw new NotInProcessException("a supervised child is started by its supervisor, a process; " + slot
                    + " was started from outside any process");
        }
        if (slot.runtime != this) {
            throw new IllegalArgumentException("the child slot belongs to another scheduler");
        }
        return supervisor;
    }

    @SuppressWarnings("unchecked") // T only names the class behind the ref; no method of the ref uses it
    private <T> ProcessRef<T> spawnEvent(Supplier<? extends T> factory, @Nullable ProcessCell linkedParent,
                                         @Nullable ChildSlot<?> slot, MailboxConfig mailbox) {
        Objects.requireNonNull(factory, "factory must not be null");
        checkCanSpawn();
        Object instance;
        try {
            instance = Objects.requireNonNull(factory.get(), "the process factory returned null");
        } catch (RuntimeException | Error failure) {
            throw new ProcessStartException("the process factory " + factory + " threw: " + failure, failure);
        }
        ProcessType type = ProcessType.of(instance.getClass());
        ProcessCell spawner = ProcessCell.current();
        EventProcess process = new EventProcess(this, nextPid.getAndIncrement(), type, instance,
                spawner != null ? spawner : systemRef, slot, mailbox);
        process.root = spawner == null;
        live.add(process);
        spawned.increment();
        if (observer != null) {
            observer.processStarted(process);
        }
        if (linkedParent != null) {
            linkBeforeStart(linkedParent, process);
        }
        if (slot != null) {
            slot.started(process);
        }
        CompletableFuture<Void> started = process.started();
        if (started != null) {
            execute(process); // the first activation runs @Init
            awaitInit(process, started);
        }
        return (ProcessRef<T>) (ProcessRef<?>) process;
    }

    private void awaitInit(EventProcess process, CompletableFuture<Void> started) {
        beforeBlocking();
        try {
            started.get(); // on a pool worker this is a managed block: the pool adds a thread meanwhile
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof dev.actorkit.ProcessTerminatedException) {
                throw new ProcessStartException("process " + process + " exited during @Init with "
                        + process.exitReason(), cause);
            }
            throw new ProcessStartException("@Init of " + process + " threw: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessStartException("interrupted while waiting for @Init of " + process, e);
        }
    }

    /** Runs an activation of {@code process}: on the pool, or on a virtual thread for blocking handlers. */
    void execute(EventProcess process) {
        if (process.type.blocking) {
            Thread.ofVirtual().start(process::activate);
        } else if (Thread.currentThread() instanceof Worker worker && worker.getPool() == pool) {
            Activation turn = worker.turn;
            if (turn != null && turn.running != null && turn.offerNext(process)) {
                // Woken by the process running on this worker: it runs here right after, without waking
                // another thread. Blocking calls and the watchdog hand it to the pool if this one stalls.
                return;
            }
            // Into this worker's own queue without waking an idle worker: this one is busy and will get
            // to it; a worker that is awake steals it, and the pool wakes more when they find queues
            // that stay full. Waking a parked thread for every such hand-off costs more than the
            // message (chameneos ran 3x slower, forkJoinCreate 2x). A handler that stalls this worker
            // is covered by the watchdog, which then wakes an idle one (SlowHandlerWatchdog).
            pool.lazySubmit(new Activation(process));
        } else {
            pool.execute(new Activation(process));
        }
    }

    /**
     * Hands a process from a worker's slot to the pool, as a submission from outside, so that it takes
     * its turn among those rather than ahead of them.
     */
    void executeOnPool(EventProcess process) {
        pool.externalSubmit(new Activation(process));
    }

    /**
     * Called before a thread blocks (a call, a start, a full mailbox): a process waiting in the
     * worker's slot must not wait for this thread, which may be waiting for it.
     */
    public static void beforeBlocking() {
        if (Thread.currentThread() instanceof Worker worker && worker.turn instanceof Activation turn) {
            EventProcess next = turn.takeNext();
            if (next != null) {
                next.runtime.executeOnPool(next);
            }
        }
    }

    /** Whether {@code process} is on a pool thread right now (for introspection). */
    boolean isRunning(ProcessCell process) {
        return watchdog.isRunning(process);
    }

    /** Spawns a process linked to {@code parent} before it runs. */
    ProcessRef<Object> spawnLinked(ProcessBody body, ProcessCell parent) {
        Objects.requireNonNull(body, "body must not be null");
        BlockingProcess process = newProcess(body, null, MailboxConfig.unbounded());
        linkBeforeStart(parent, process);
        process.start();
        return process;
    }

    private BlockingProcess newProcess(ProcessBody body, @Nullable ChildSlot<?> slot, MailboxConfig mailbox) {
        checkCanSpawn();
        BlockingProcess process = new BlockingProcess(this, nextPid.getAndIncrement(), body, slot, mailbox);
        process.root = ProcessCell.current() == null;
        live.add(process);
        spawned.increment();
        if (observer != null) {
            observer.processStarted(process);
        }
        return process;
    }

    private void checkCanSpawn() {
        if (runState.get() != OPEN) {
            throw new SchedulerClosedException("cannot spawn: the scheduler has been closed. Spawn processes before "
                    + "closing it, or create a new Scheduler.");
        }
    }

    // ---- names ----

    @Override
    public void register(String name, ProcessRef<?> ref) {
        requireName(name);
        Objects.requireNonNull(ref, "ref must not be null");
        cellOf(ref, "register").registerAs(name, names);
    }

    @Override
    public Optional<ProcessRef<?>> whereis(String name) {
        requireName(name);
        ProcessCell cell = names.get(name);
        return cell != null && cell.isAlive() ? Optional.of(cell) : Optional.empty();
    }

    @Override
    public boolean unregister(String name) {
        requireName(name);
        ProcessCell cell = names.get(name);
        if (cell != null && cell.forgetName(name)) {
            names.remove(name, cell);
            return true;
        }
        return false;
    }

    @Override
    public Set<String> registered() {
        Set<String> result = new java.util.TreeSet<>();
        names.forEach((name, cell) -> {
            if (cell.isAlive()) {
                result.add(name);
            }
        });
        return result;
    }

    @Override
    public void send(String name, Object message) {
        requireName(name);
        Objects.requireNonNull(message, "message must not be null");
        checkCanSend();
        whereis(name).orElseThrow(() -> new NoProcessException("no process is registered as '" + name
                + "'. Register one with register(name, ref) first, or check the name; registered now: " + registered()))
                .send(message);
    }

    private static void requireName(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a process name must not be blank");
        }
    }

    // ---- signals and timers ----

    @Override
    public void exit(ProcessRef<?> target, ExitReason reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        ProcessCell sender = ProcessCell.current();
        ProcessCell cell = cellOf(target, "exit");
        cell.exitSignal(sender != null ? sender : systemRef, reason);
        if (sender != null) {
            sender.checkAlive();
        }
    }

    @Override
    public TimerRef sendAfter(ProcessRef<?> target, Object message, Duration delay) {
        Objects.requireNonNull(message, "message must not be null");
        requireNonNegative(delay, "delay");
        ProcessRef<?> resolved = unwrap(Objects.requireNonNull(target, "target must not be null"));
        Recipient recipient = resolved instanceof ChildSlot<?> slot && slot.runtime == this ? slot : cellOf(resolved, "sendAfter");
        checkCanSend();
        Timer timer = new Timer(recipient, message);
        if (recipient instanceof ProcessCell cell && !cell.timerStarted(timer)) {
            timer.run(); // the target is dead already: a NO_PROCESS dead letter now, nothing left pending
            return timer;
        }
        timer.scheduled(timers.schedule(timer, ProcessCell.toNanos(delay), TimeUnit.NANOSECONDS));
        return timer;
    }

    @Override
    public boolean cancelTimer(TimerRef timer) {
        Objects.requireNonNull(timer, "timer must not be null");
        return timer.cancel();
    }

    @Override
    public ProcessRef<Object> systemRef() {
        return systemRef;
    }

    // ---- introspection and dead letters ----

    @Override
    public List<ProcessRef<?>> processes() {
        List<ProcessCell> alive = new ArrayList<>(live.size());
        for (ProcessCell cell : live) {
            if (cell.isAlive()) {
                alive.add(cell);
            }
        }
        alive.sort(Comparator.comparingLong(cell -> cell.id));
        return List.copyOf(alive);
    }

    @Override
    public Optional<ProcessInfo> info(ProcessRef<?> ref) {
        Objects.requireNonNull(ref, "ref must not be null");
        try {
            ref = unwrap(ref);
        } catch (NoProcessException notYet) {
            return Optional.empty();
        }
        if (ref instanceof ChildSlot<?> slot && slot.runtime == this) {
            ProcessRef<Object> incarnation = slot.incarnation();
            return incarnation instanceof ProcessCell cell ? cell.info() : Optional.empty();
        }
        return ref instanceof ProcessCell cell && cell.runtime == this ? cell.info() : Optional.empty();
    }

    @Override
    public SchedulerStats stats() {
        return new SchedulerStats(live.size(), spawned.sum(), deadLetters.count(), watchdog.reported(),
                pool.getParallelism(), pool.getActiveThreadCount(), pool.getQueuedTaskCount() + pool.getQueuedSubmissionCount(),
                activations());
    }

    private long activations() {
        return activationsOffPool.sum() + roster.activations();
    }

    @Override
    public long deadLetterCount() {
        return deadLetters.count();
    }

    @Override
    public AutoCloseable onDeadLetter(Consumer<DeadLetter> listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        return deadLetters.subscribe(listener);
    }

    void deadLetter(ProcessRef<?> recipient, Object message, DeadLetter.Cause cause) {
        deadLetters.record(new DeadLetter(recipient, Envelope.open(message), cause));
    }

    /**
     * A bounded mailbox dropped {@code message}: an {@code OVERFLOW} dead letter. A dropped call fails
     * at once, so its caller does not wait out its timeout; the dead letter is its request.
     */
    void overflowed(ProcessRef<?> recipient, Object sent) {
        Object message = Envelope.open(sent);
        if (message instanceof PendingCall<?> call) {
            call.fail(new dev.actorkit.MailboxFullException("the mailbox of " + recipient
                    + " is full and dropped the call with " + call.request().getClass().getName()));
            deadLetter(recipient, call.request(), DeadLetter.Cause.OVERFLOW);
            return;
        }
        deadLetter(recipient, message, DeadLetter.Cause.OVERFLOW);
    }

    /** The message whose handler threw: a {@code CRASHED} dead letter carrying the crash. */
    void crashed(ProcessRef<?> recipient, Object message, Throwable crash) {
        deadLetters.record(new DeadLetter(recipient, Envelope.open(message), DeadLetter.Cause.CRASHED, crash));
    }

    /**
     * A process crashed by its own fault (a handler, {@code @Init} or its body threw): the one crash
     * report, as Erlang's "Error in process", with the process's name, the message and the stack. The
     * processes a crash takes down through links are not reported again.
     */
    void reportCrash(ProcessCell cell, @Nullable Class<?> messageType, Throwable crash) {
        LOG.log(Level.ERROR, () -> "process " + cell.pid() + " (" + cell.label() + ") crashed"
                + (messageType == null ? "" : " handling " + messageType.getName()) + ": " + crash, crash);
        if (observer != null) {
            observer.processCrashed(cell, messageType, crash);
        }
    }

    /** The class of a bare message, or of its request for a call. */
    static Class<?> messageType(Object message) {
        return message instanceof PendingCall<?> call ? call.request().getClass() : message.getClass();
    }

    /** A supervisor restarted a child; for observers. */
    public void childRestarted(ProcessRef<?> supervisor, String childId) {
        if (observer != null && unwrap(supervisor) instanceof ObservedProcess observed) {
            observer.childRestarted(observed, childId);
        }
    }

    /** The message to put in a mailbox: in an envelope with the sender's context, if there is one to carry. */
    Object withContext(Object message) {
        ContextPropagator carrier = propagator;
        if (carrier == null) {
            return message;
        }
        Object context;
        try {
            context = carrier.capture();
        } catch (Throwable failure) {
            PROPAGATOR_FAILURES.failed("context propagator " + carrier, "capture (the message travels without context)", failure);
            return message;
        }
        return context == null ? message : new Envelope(message, context);
    }

    /** Makes an envelope's context current on {@code receiver}'s thread; null when there is none. */
    ProcessObserver.@Nullable Scope restore(ProcessCell receiver, Object message) {
        if (message instanceof Envelope envelope && propagator != null) {
            try {
                return propagator.restore(envelope.context(), receiver, messageType(envelope.message()));
            } catch (Throwable failure) {
                PROPAGATOR_FAILURES.failed("context propagator " + propagator, "restore (the message is handled without its context)",
                        failure);
            }
        }
        return null;
    }

    // ---- closing ----

    @Override
    public boolean isClosed() {
        return runState.get() != OPEN;
    }

    @Override
    public void close() {
        close(config.shutdownTimeout());
    }

    @Override
    public void close(Duration timeout) {
        requireNonNegative(timeout, "timeout");
        if (!runState.compareAndSet(OPEN, CLOSING)) {
            return;
        }
        new OrderedShutdown(live, systemRef).run(timeout);
        runState.set(CLOSED);
        systemRef.closed();
        timers.shutdownNow();
        watchdog.stop();
        pool.shutdown();
    }

    /** Whether close() is under way: its exit signals come from the system ref. */
    boolean isClosing() {
        return runState.get() != OPEN;
    }

    // ---- for cells ----

    void checkCanSend() {
        if (runState.get() == CLOSED) {
            throw new SchedulerClosedException("cannot send: the scheduler has been closed. Nothing is delivered after "
                    + "Scheduler.close(); send before closing it.");
        }
    }

    MonitorRef newMonitorRef() {
        return new MonitorRef(nextRef.getAndIncrement());
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    /** Called by the ending thread right after a process died: forget it and its name. */
    void removed(ProcessCell cell, @Nullable String name) {
        live.remove(cell);
        if (name != null) {
            names.remove(name, cell);
        }
    }

    /** Called once a process's links and monitors have fired. */
    void exited(ProcessCell cell, ExitReason reason) {
        // A crash was reported where it happened (reportCrash): logging every exit with an error reason
        // would report it again for each process it took down.
        if (observer != null) {
            observer.processExited(cell, reason);
        }
    }

    /** The cell behind a ref of this scheduler. */
    ProcessCell cellOf(ProcessRef<?> ref, String operation) {
        Objects.requireNonNull(ref, "the process ref must not be null");
        ref = unwrap(ref);
        if (ref instanceof ProcessCell cell && cell.runtime == this) {
            return cell;
        }
        if (ref instanceof ChildSlot<?> slot && slot.runtime == this) {
            return slot.target(); // links and monitors attach to the current incarnation
        }
        if (ref == systemRef) {
            throw new IllegalArgumentException(operation + ": " + ref + " stands for code outside processes; it cannot be"
                    + " linked, monitored or signalled");
        }
        throw new IllegalArgumentException(operation + ": " + ref + " belongs to another scheduler; refs work only with"
                + " the scheduler that spawned them");
    }

    /** The runtime's own ref behind any {@link ProcessRef.Forwarding} refs. */
    static ProcessRef<?> unwrap(ProcessRef<?> ref) {
        for (int depth = 0; ref instanceof ProcessRef.Forwarding<?> forwarding; depth++) {
            if (depth == 16) {
                throw new IllegalArgumentException("a chain of more than 16 forwarding refs ends nowhere: " + ref);
            }
            ref = Objects.requireNonNull(forwarding.target(), "a forwarding ref's target must not be null");
        }
        return ref;
    }

    static void requireNonNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name + " must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, but was " + duration
                    + "; use Duration.ZERO to not wait at all");
        }
    }
}
