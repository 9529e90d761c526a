package dev.actorkit.autoconfigure;

import dev.actorkit.ExitReason;
import dev.actorkit.NoProcessException;
import dev.actorkit.Pid;
import dev.actorkit.ProcessExitException;
import dev.actorkit.ProcessInfo;
import dev.actorkit.ProcessRef;
import dev.actorkit.ProcessStatus;
import dev.actorkit.Scheduler;
import dev.actorkit.annotation.Passivate;
import dev.actorkit.autoconfigure.SupervisionPlan.DynamicNode;
import dev.actorkit.autoconfigure.SupervisionPlan.ProcessNode;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.DynamicSupervisor;
import dev.actorkit.supervisor.DynamicSupervisorSpec;
import dev.actorkit.supervisor.Shutdown;
import dev.actorkit.supervisor.SupervisorException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;

/**
 * The {@link DynamicProcesses} bean of one dynamic supervisor: it starts the supervisor's children,
 * each a fresh instance of the process from the bean factory, keeps the keyed ones by key, and, with an
 * idle timeout, passivates keyed children that handled no message for that long.
 *
 * <p>Concurrency: thread-safe. Keyed children are kept in a concurrent map of {@link Entry entries};
 * the thread that puts a key's entry starts its child, and others wait on the entry's start future, so
 * one child starts per key. A keyed child's end (its slot's termination) removes its entry. Idleness is
 * read from {@link Scheduler#info} by one sweep every quarter of the idle timeout, so handling a message
 * costs nothing extra. Passivation must not lose a message sent through a keyed ref: each such send or
 * call counts itself in its entry's {@code users} word while it reaches the mailbox, and the sweep
 * passivates only after turning a zero count into {@code DECIDING} under the entry's monitor and finding
 * the child waiting with an empty mailbox; senders that meet {@code DECIDING} wait for the monitor, and
 * those that meet {@code PASSIVATED} go to the key's next child.
 */
final class DynamicChildren<T> implements DynamicProcesses<T> {

    private static final Log LOG = LogFactory.getLog(DynamicChildren.class);

    /** Set while the bean factory creates an instance of a dynamic child: what {@link ProcessKey} injects. */
    private static final ThreadLocal<Creating> CREATING = new ThreadLocal<>();

    private record Creating(@Nullable ProcessKey key) {
    }

    private final DynamicNode node;
    /** The process's {@code @Passivate} method, or null. */
    private final @Nullable Method onPassivate;
    private final Scheduler scheduler;
    private final AutowireCapableBeanFactory beanFactory;
    private final ConcurrentHashMap<String, Entry> keyed = new ConcurrentHashMap<>();
    private final Set<ProcessRef<Object>> children = ConcurrentHashMap.newKeySet();
    /** The running supervisor; replaced when its parent restarts it, null before the start and after the stop. */
    private volatile @Nullable DynamicSupervisor supervisor;
    /** Counts bindings, so that the sweep of an earlier supervisor stops. */
    private final AtomicInteger generation = new AtomicInteger();
    private volatile boolean closed;
    /** Why the supervisor will never run again (its root ended while the tree ran), or null. */
    private volatile @Nullable String rootEnded;

    DynamicChildren(DynamicNode node, Scheduler scheduler, AutowireCapableBeanFactory beanFactory) {
        this.node = node;
        this.onPassivate = passivateMethod(node);
        this.scheduler = scheduler;
        this.beanFactory = beanFactory;
    }

    String name() {
        return node.name();
    }

    /** The runtime spec of the supervisor. */
    DynamicSupervisorSpec spec() {
        return new DynamicSupervisorSpec(node.maxRestarts(), node.within(), node.maxChildren());
    }

    /** The key of the dynamic child being created on this thread (null for an unkeyed one). */
    static @Nullable ProcessKey currentKey() {
        Creating creating = CREATING.get();
        if (creating == null) {
            throw new IllegalStateException("a ProcessKey is injected only into a process that a dynamic supervisor"
                    + " starts (DynamicProcesses.getOrStart); inject it into that @Process class, not into other beans");
        }
        return creating.key();
    }

    // ---- lifecycle, called by the tree ----

    /** The supervisor has started (again): new children go under it. */
    void bind(DynamicSupervisor running) {
        supervisor = running;
        int bound = generation.incrementAndGet();
        if (node.idleTimeout() != null) {
            scheduleSweep(bound);
        }
    }

    /** The supervisor running now, if any (for the processes endpoint). */
    Optional<DynamicSupervisor> current() {
        DynamicSupervisor running = supervisor;
        return running != null && running.ref().isAlive() ? Optional.of(running) : Optional.empty();
    }

    /** The key of each live keyed child, by the pid of its current incarnation (for the processes endpoint). */
    Map<String, String> keysByPid() {
        Map<String, String> keys = new HashMap<>();
        for (Entry entry : keyed.values()) {
            ProcessRef<Object> child = entry.child;
            if (entry.isLive() && child != null) {
                try {
                    keys.put(child.pid().toString(), entry.key);
                } catch (RuntimeException between) {
                    // between incarnations: shown without its key this time
                }
            }
        }
        return keys;
    }

    /** The root above the supervisor ended while the tree ran, and why; null once it runs again. */
    void rootEnded(@Nullable String why) {
        rootEnded = why;
    }

    /** The tree has stopped: nothing starts any more. */
    void close() {
        closed = true;
        supervisor = null;
        generation.incrementAndGet();
    }

    /**
     * Waits until every child has handled the messages in its mailbox and waits for more, or the
     * process's shutdown timeout has passed; the children are then stopped all at once by their supervisor.
     */
    void drain() {
        drain(node.process().shutdown());
    }

    /** {@link #drain()} within {@code within} (the process's shutdown, or less: the time left to the tree's stop). */
    void drain(Shutdown within) {
        ProcessTree.awaitQuiet(within, () -> busyChildren() == 0,
                () -> busyChildren() + " children of dynamic supervisor '" + node.name() + "' still had messages after "
                        + within + "; stopping them anyway");
    }

    private int busyChildren() {
        int busy = 0;
        for (ProcessRef<Object> child : children) {
            Optional<ProcessInfo> info = scheduler.info(child);
            if (info.isPresent() && !isQuiet(info.get())) {
                busy++;
            }
        }
        return busy;
    }

    private static boolean isQuiet(ProcessInfo info) {
        return info.status() == ProcessStatus.WAITING && info.mailboxSize() == 0;
    }

    // ---- DynamicProcesses ----

    @Override
    @SuppressWarnings("unchecked") // every child runs the process class T
    public ProcessRef<T> start() {
        return (ProcessRef<T>) (ProcessRef<?>) startChild(null);
    }

    @Override
    public ProcessRef<T> getOrStart(String key) {
        return entry(requireKey(key)).ref;
    }

    @Override
    public Optional<ProcessRef<T>> find(String key) {
        Entry entry = keyed.get(requireKey(key));
        return entry != null && entry.isLive() ? Optional.of(entry.ref) : Optional.empty();
    }

    @Override
    public boolean stop(String key) {
        Entry entry = keyed.get(requireKey(key));
        if (entry == null || !entry.started.isDone() || entry.started.isCompletedExceptionally()) {
            return false;
        }
        return terminate(entry.started.join());
    }

    @Override
    public boolean stop(ProcessRef<?> child) {
        ProcessRef<?> ref = child;
        try {
            while (ref instanceof ProcessRef.Forwarding<?> forwarding) {
                ref = forwarding.target();
            }
        } catch (NoProcessException notStarted) {
            return false;
        }
        return terminate(ref);
    }

    @Override
    public Set<String> keys() {
        return keyed.values().stream().filter(Entry::isLive).map(entry -> entry.key).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int count() {
        return children.size();
    }

    @Override
    public String toString() {
        return "DynamicProcesses[" + node.name() + " of " + node.process().name() + ", " + children.size() + " children]";
    }

    // ---- starting and stopping ----

    private static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a key must not be null or empty");
        }
        return key;
    }

    /** The live entry of {@code key}, its child started by this thread if there was none. */
    private Entry entry(String key) {
        while (true) {
            Entry entry = keyed.get(key);
            if (entry == null) {
                Entry fresh = new Entry(key);
                entry = keyed.putIfAbsent(key, fresh);
                if (entry == null) {
                    startKeyed(fresh);
                    return fresh;
                }
            }
            try {
                entry.started.join();
            } catch (CompletionException failed) {
                throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
            }
            if (entry.isLive()) {
                return entry;
            }
            keyed.remove(key, entry); // stopped or passivated meanwhile: the next turn starts a new child
        }
    }

    private void startKeyed(Entry entry) {
        try {
            ProcessRef<Object> child = startChild(entry);
            entry.seenPid = pidOrNull(child);
            entry.quietSince = System.nanoTime();
            entry.child = child;
            entry.started.complete(child);
        } catch (RuntimeException failure) {
            keyed.remove(entry.key, entry);
            entry.started.completeExceptionally(failure);
            throw failure;
        }
    }

    private ProcessRef<Object> startChild(@Nullable Entry entry) {
        DynamicSupervisor running = running();
        ProcessNode process = node.process();
        ProcessKey key = entry == null ? null : new ProcessKey(entry.key);
        Supplier<Object> incarnation = () -> {
            Creating outer = CREATING.get();
            CREATING.set(new Creating(key));
            ProcessKeys.creating(null);
            try {
                Object instance = beanFactory.createBean(process.type());
                ProcessKeys.creating(key == null ? null : key.value()); // the runtime starts it next, on this thread
                if (entry != null) {
                    entry.instance = instance; // for @Passivate
                }
                return instance;
            } finally {
                if (outer == null) {
                    CREATING.remove();
                } else {
                    CREATING.set(outer);
                }
            }
        };
        ChildSpec spec = ChildSpec.worker(process.name(), new Incarnations(incarnation, process.name(), key))
                .withRestart(process.restart())
                .withShutdown(process.shutdown())
                .withMailbox(process.mailbox());
        ProcessRef<Object> child;
        try {
            child = running.startChild(spec);
        } catch (SupervisorException full) {
            if (full.reason() != SupervisorException.Reason.MAX_CHILDREN) {
                throw full;
            }
            throw new SupervisorException(SupervisorException.Reason.MAX_CHILDREN, "dynamic supervisor '" + node.name()
                    + "' already runs its maximum of " + node.maxChildren() + " children, so no '" + process.name()
                    + "' starts" + (key == null ? "" : " for key '" + key + "'") + ". Stop children that are done"
                    + " (DynamicProcesses.stop), set actor.supervision." + node.name() + ".idle-timeout to stop idle ones,"
                    + " or raise actor.supervision." + node.name() + ".max-children.");
        }
        children.add(child);
        child.termination().whenComplete((reason, never) -> ended(child, entry));
        return child;
    }

    /** A child stopped for good: it no longer counts, and its key is free. */
    private void ended(ProcessRef<Object> child, @Nullable Entry entry) {
        children.remove(child);
        if (entry != null) {
            entry.ended = true;
            keyed.remove(entry.key, entry);
        }
    }

    private DynamicSupervisor running() {
        DynamicSupervisor running = supervisor;
        if (running == null || !running.ref().isAlive()) {
            throw new NoProcessException("dynamic supervisor '" + node.name() + "' is not running: "
                    + (closed ? "the supervision tree has stopped."
                    : rootEnded != null ? rootEnded + "."
                    : running == null ? "the supervision tree starts once all singleton beans exist; start children from an"
                    + " ApplicationRunner, a request handler or later."
                    : "it exited and its supervisor is restarting it; try again shortly."));
        }
        return running;
    }

    private boolean terminate(ProcessRef<?> child) {
        DynamicSupervisor running = supervisor;
        if (running == null) {
            return false;
        }
        try {
            running.terminateChild(child);
            return true;
        } catch (SupervisorException notAChild) {
            return false;
        } catch (NoProcessException | ProcessExitException supervisorGone) {
            return false; // its children are gone with it
        }
    }

    private static @Nullable Pid pidOrNull(ProcessRef<?> child) {
        try {
            return child.pid();
        } catch (NoProcessException gone) {
            return null;
        }
    }

    // ---- passivation ----

    private void scheduleSweep(int bound) {
        Duration idleTimeout = node.idleTimeout();
        long period = Math.max(1, idleTimeout.toNanos() / 4);
        Executor sweeper = task -> Thread.ofVirtual().name("actor-idle-" + node.name()).start(task);
        CompletableFuture.delayedExecutor(period, TimeUnit.NANOSECONDS, sweeper).execute(() -> sweep(bound));
    }

    /** Passivates the keyed children found idle for the idle timeout, then schedules the next sweep. */
    private void sweep(int bound) {
        if (generation.get() != bound) {
            return; // the supervisor was replaced or the tree stopped
        }
        try {
            long now = System.nanoTime();
            long idleNanos = node.idleTimeout().toNanos();
            List<Entry> idle = new ArrayList<>();
            for (Entry entry : keyed.values()) {
                if (entry.isLive() && quietFor(entry, now) >= idleNanos) {
                    idle.add(entry);
                }
            }
            for (Entry entry : idle) {
                passivate(entry);
            }
        } catch (RuntimeException failure) {
            LOG.warn("Passivating idle children of dynamic supervisor '" + node.name() + "' failed; trying again at the"
                    + " next sweep: " + failure, failure);
        } finally {
            if (generation.get() == bound) {
                scheduleSweep(bound);
            }
        }
    }

    /** How long the entry's child has handled nothing and waited with an empty mailbox, as far as the sweeps saw. */
    private long quietFor(Entry entry, long now) {
        Optional<ProcessInfo> info = scheduler.info(entry.child);
        if (info.isEmpty() || !isQuiet(info.get()) || !info.get().pid().equals(entry.seenPid)
                || info.get().messagesHandled() != entry.seenHandled) {
            entry.seenPid = info.map(ProcessInfo::pid).orElse(null);
            entry.seenHandled = info.map(ProcessInfo::messagesHandled).orElse(-1L);
            entry.quietSince = now;
            return 0;
        }
        return now - entry.quietSince;
    }

    private void passivate(Entry entry) {
        ProcessRef<Object> child = entry.child;
        synchronized (entry) {
            if (!entry.users.compareAndSet(0, Entry.DECIDING)) {
                return; // a send or call through a keyed ref is on its way
            }
            Optional<ProcessInfo> info = scheduler.info(child);
            boolean idle = info.isPresent() && isQuiet(info.get()) && info.get().pid().equals(entry.seenPid)
                    && info.get().messagesHandled() == entry.seenHandled;
            if (!idle) {
                entry.users.set(0);
                return;
            }
            entry.users.set(Entry.PASSIVATED);
            keyed.remove(entry.key, entry);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Passivating '" + node.process().name() + "' for key '" + entry.key + "' of dynamic supervisor '"
                    + node.name() + "': idle for " + node.idleTimeout()
                    + (onPassivate == null ? "" : "; then calling its @Passivate method " + onPassivate.getName() + "()"));
        }
        if (terminate(child) && onPassivate != null && entry.instance != null) {
            // The process has stopped (terminateChild returned once its supervisor saw it exit): no handler
            // runs on the instance any more, and its last handler's writes happened before that exit.
            passivated(entry.instance, entry.key);
        }
    }

    private void passivated(Object instance, String key) {
        try {
            onPassivate.invoke(instance);
        } catch (InvocationTargetException failed) {
            LOG.warn("The @Passivate method " + onPassivate.getName() + "() of '" + node.process().name() + "' for key '"
                    + key + "' threw; the process is passivated all the same: " + failed.getCause(), failed.getCause());
        } catch (IllegalAccessException inaccessible) {
            throw new IllegalStateException("cannot call @Passivate method " + onPassivate, inaccessible);
        }
    }

    /**
     * The {@code @Passivate} method of the dynamic supervisor's process class, made accessible: at most one,
     * without parameters.
     *
     * @throws ActorConfigurationException if the class breaks those rules
     */
    private static @Nullable Method passivateMethod(DynamicNode node) {
        Class<?> type = node.process().type();
        List<Method> marked = new ArrayList<>();
        for (Class<?> at = type; at != null && at != Object.class; at = at.getSuperclass()) {
            for (Method method : at.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Passivate.class)) {
                    marked.add(method);
                }
            }
        }
        String key = "actor.supervision." + node.name() + ".process";
        if (marked.size() > 1) {
            throw new ActorConfigurationException(key, type.getName() + " has " + marked.size() + " @Passivate methods "
                    + marked.stream().map(Method::getName).toList() + ".", "Keep one: it runs once when a child is passivated.");
        }
        if (marked.isEmpty()) {
            return null;
        }
        Method method = marked.getFirst();
        if (method.getParameterCount() != 0 || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
            throw new ActorConfigurationException(key, "the @Passivate method " + type.getName() + "." + method.getName()
                    + " must be an instance method without parameters.",
                    "Remove its parameters (inject ProcessKey into the constructor to know the key), or make it non-static.");
        }
        method.setAccessible(true);
        return method;
    }

    /**
     * One key's child. {@link #users} is {@code >= 0} (sends and calls through keyed refs on their way
     * to the mailbox), {@link #DECIDING} (the sweep checks idleness, holding this entry's monitor) or
     * {@link #PASSIVATED}.
     */
    private final class Entry {
        static final int DECIDING = -1;
        static final int PASSIVATED = -2;

        final String key;
        final CompletableFuture<ProcessRef<Object>> started = new CompletableFuture<>();
        final AtomicInteger users = new AtomicInteger();
        final KeyedRef ref = new KeyedRef(this);
        /** The child's stable ref, once started. */
        volatile @Nullable ProcessRef<Object> child;
        /** Stopped for good (not only passivated). */
        volatile boolean ended;
        /** The instance of the child's current incarnation, for {@code @Passivate}. */
        volatile @Nullable Object instance;
        // The sweep's view; written by the starting thread before child is published, then by the sweep only.
        @Nullable Pid seenPid;
        long seenHandled;
        long quietSince;

        Entry(String key) {
            this.key = key;
        }

        /** Started, and neither stopped nor passivated. */
        boolean isLive() {
            return child != null && !ended && users.get() != PASSIVATED;
        }
    }

    /**
     * The ref that {@link #getOrStart} returns: it addresses the key's child, and after a passivation the
     * key's next one, started by the first send or call that needs it.
     */
    private final class KeyedRef implements ProcessRef.Forwarding<T> {

        private volatile Entry entry;

        KeyedRef(Entry entry) {
            this.entry = entry;
        }

        /** Counts a send or call in the entry of a child that is not passivated, following passivations. */
        private Entry enter() {
            Entry at = entry;
            while (true) {
                int users = at.users.get();
                if (users >= 0) {
                    if (at.users.compareAndSet(users, users + 1)) {
                        return at;
                    }
                } else if (users == Entry.DECIDING) {
                    synchronized (at) {
                        // The sweep decides holding this monitor; once it is ours, the decision is made.
                        Thread.onSpinWait();
                    }
                } else {
                    at = entry(at.key);
                    entry = at;
                }
            }
        }

        private ProcessRef<Object> child() {
            return entry.started.join();
        }

        @Override
        public void send(Object message) {
            Entry at = enter();
            try {
                at.started.join().send(message);
            } finally {
                at.users.decrementAndGet();
            }
        }

        @Override
        public <R> R call(Object request) {
            Entry at = enter();
            try {
                return at.started.join().call(request);
            } finally {
                at.users.decrementAndGet();
            }
        }

        @Override
        public <R> R call(Object request, Duration timeout) {
            Entry at = enter();
            try {
                return at.started.join().call(request, timeout);
            } finally {
                at.users.decrementAndGet();
            }
        }

        @Override
        public <R> CompletableFuture<R> ask(Object request, Duration timeout) {
            Entry at = enter();
            try {
                return at.started.join().ask(request, timeout); // queued once ask returns
            } finally {
                at.users.decrementAndGet();
            }
        }

        @Override
        public Pid pid() {
            return child().pid();
        }

        @Override
        public boolean isAlive() {
            return child().isAlive();
        }

        @Override
        public CompletableFuture<ExitReason> termination() {
            return child().termination();
        }

        @Override
        @SuppressWarnings("unchecked") // T only names the class behind the ref
        public ProcessRef<T> target() {
            return (ProcessRef<T>) (ProcessRef<?>) child();
        }

        @Override
        public String toString() {
            return "ProcessRef[" + node.name() + "/" + entry.key + ", " + child() + "]";
        }
    }

    /** A factory whose {@code toString} names the process and key, for the runtime's messages. */
    private record Incarnations(Supplier<Object> factory, String name, @Nullable ProcessKey key) implements Supplier<Object> {
        @Override
        public Object get() {
            return factory.get();
        }

        @Override
        public String toString() {
            return "of process '" + name + "'" + (key == null ? "" : " for key '" + key + "'") + " (an instance from the bean factory)";
        }
    }
}
