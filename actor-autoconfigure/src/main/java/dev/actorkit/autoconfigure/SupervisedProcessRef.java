package dev.actorkit.autoconfigure;

import dev.actorkit.CallTimeoutException;
import dev.actorkit.ExitReason;
import dev.actorkit.MailboxConfig;
import dev.actorkit.MailboxFullException;
import dev.actorkit.NoProcessException;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@code ProcessRef<T>} bean of a process in the supervision tree. It exists before the tree
 * starts, and it addresses the process's supervised child slot once the tree runs, so it survives
 * restarts. Until then it keeps what is sent to it, in order, and hands it over when the child starts:
 * a {@code send} from a bean's constructor or {@code @PostConstruct} is handled like any other. A
 * {@code call} before the start fails with {@link NoProcessException} (the caller may be the thread
 * that creates the beans, which the start waits for); an {@code ask} is kept like a message. Up to the
 * mailbox's capacity is kept; beyond it a send is rejected with {@link MailboxFullException}, whatever
 * the overflow setting, so nothing is dropped before anyone could see it.
 *
 * <p>Concurrency: thread-safe. Before the start, senders and the binding thread meet under a lock:
 * {@link #bind} hands over the kept messages and publishes the child's ref under it, so a sender's
 * messages kept before the start precede those it sends afterwards. Once bound, a send reads one
 * volatile field and goes straight to the child's ref.
 */
final class SupervisedProcessRef<T> implements ProcessRef.Forwarding<T> {

    private static final Log LOG = LogFactory.getLog(SupervisedProcessRef.class);

    private final String name;
    private final int capacity;
    private final Object lock = new Object();
    private final CompletableFuture<ExitReason> termination = new CompletableFuture<>();
    /** The child's stable ref in the running tree; null before the start. */
    private volatile @Nullable ProcessRef<Object> target;
    /** The incarnation that runs (or ran last) in the child's slot; null before the start. */
    private volatile @Nullable ProcessRef<Object> incarnation;
    /** Messages and asks sent before the start. Guarded by {@link #lock}. */
    private final ArrayDeque<Object> kept = new ArrayDeque<>();

    /** An {@code ask} made before the start: sent at the start, with what is left of its timeout. */
    private record KeptAsk(Object request, long deadline, Duration timeout, CompletableFuture<Object> reply) {
    }

    SupervisedProcessRef(String name, MailboxConfig mailbox) {
        this.name = name;
        this.capacity = mailbox.capacity();
    }

    String name() {
        return name;
    }

    /**
     * Points this ref at the child's stable ref and hands over what was kept; called when the child's
     * supervisor has started it, and again with a new stable ref when a nested supervisor restarted.
     */
    void bind(ProcessRef<Object> child) {
        synchronized (lock) {
            for (Object item : kept) {
                try {
                    if (item instanceof KeptAsk ask) {
                        askNow(child, ask);
                    } else {
                        child.send(item);
                    }
                } catch (RuntimeException lost) {
                    LOG.warn("A message sent to process '" + name + "' before it started could not be handed over: "
                            + lost, lost);
                }
            }
            kept.clear();
            target = child;
        }
    }

    /** Records the incarnation that has just started in the child's slot. */
    void started(ProcessRef<Object> incarnation) {
        this.incarnation = incarnation;
    }

    /** The incarnation that runs (or ran last), or null before the start. */
    @Nullable ProcessRef<Object> incarnation() {
        return incarnation;
    }

    /** The process stopped for good (its tree stopped or gave up): completes {@link #termination()}. */
    void terminated(ExitReason reason) {
        termination.complete(reason);
    }

    private static void askNow(ProcessRef<Object> child, KeptAsk ask) {
        if (ask.reply().isDone()) {
            return; // timed out while kept
        }
        long left = ask.deadline() - System.nanoTime();
        child.ask(ask.request(), Duration.ofNanos(Math.max(1, left))).whenComplete((reply, failure) -> {
            if (failure == null) {
                ask.reply().complete(reply);
            } else {
                ask.reply().completeExceptionally(failure instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : failure);
            }
        });
    }

    // ---- ProcessRef ----

    @Override
    public Pid pid() {
        return started("pid").pid();
    }

    @Override
    public void send(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        ProcessRef<Object> child = target;
        if (child == null) {
            synchronized (lock) {
                child = target;
                if (child == null) {
                    keep(message);
                    return;
                }
            }
        }
        child.send(message);
    }

    /** Holding the lock, before the start. */
    private void keep(Object item) {
        if (kept.size() >= capacity) {
            throw new MailboxFullException("process '" + name + "' has not started yet and " + kept.size()
                    + " messages already wait for it, its mailbox capacity; the process starts once all singleton beans"
                    + " exist");
        }
        kept.add(item);
    }

    @Override
    public boolean isAlive() {
        ProcessRef<Object> child = target;
        return child != null && child.isAlive();
    }

    @Override
    public CompletableFuture<ExitReason> termination() {
        return termination.copy();
    }

    @Override
    public <R> R call(Object request) {
        Objects.requireNonNull(request, "request must not be null");
        return started("call").call(request);
    }

    @Override
    public <R> R call(Object request, Duration timeout) {
        Objects.requireNonNull(request, "request must not be null");
        return started("call").call(request, timeout);
    }

    @Override
    @SuppressWarnings("unchecked") // R is the caller's expectation of the reply, as with ProcessRef.ask
    public <R> CompletableFuture<R> ask(Object request, Duration timeout) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        ProcessRef<Object> child = target;
        if (child == null) {
            synchronized (lock) {
                child = target;
                if (child == null) {
                    CompletableFuture<Object> reply = new CompletableFuture<>();
                    keep(new KeptAsk(request, System.nanoTime() + timeout.toNanos(), timeout, reply));
                    CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() ->
                            reply.completeExceptionally(new CallTimeoutException("no reply from process '" + name + "' to "
                                    + request.getClass().getName() + " within " + timeout + ": it had not started yet")));
                    return (CompletableFuture<R>) reply;
                }
            }
        }
        return child.ask(request, timeout);
    }

    /** The child's stable ref, once the tree has started: what links, monitors and timers act on. */
    @Override
    @SuppressWarnings("unchecked") // T only names the class behind the ref
    public ProcessRef<T> target() {
        return (ProcessRef<T>) (ProcessRef<?>) started("link, monitor, exit, sendAfter, info or register");
    }

    private ProcessRef<Object> started(String operation) {
        ProcessRef<Object> child = target;
        if (child == null) {
            throw new NoProcessException(operation + ": process '" + name + "' has not started yet; the supervision tree"
                    + " starts once all singleton beans exist. Send to it instead (messages are kept until it starts), use"
                    + " ask(), or call it from an ApplicationRunner or later.");
        }
        return child;
    }

    @Override
    public String toString() {
        ProcessRef<Object> child = target;
        return "ProcessRef[" + name + ", " + (child == null ? "not started" : child) + "]";
    }
}
