package dev.actorkit;

import dev.actorkit.internal.AgentServer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Elixir's {@code Agent}: state kept in a process, read and changed with functions that run inside it,
 * one at a time.
 *
 * <pre>{@code
 * Agent<List<String>> list = Agent.start(scheduler, ArrayList::new);
 * list.update(items -> { items.add("milk"); return items; });
 * int size = list.get(List::size);
 * }</pre>
 *
 * <p>Thread-safe: any thread or process may use an agent. The functions run in the agent's process,
 * so they must not block for long; a function that throws crashes the agent (the caller of
 * {@code get}/{@code update} then gets a {@link ProcessExitException}).
 *
 * @param <S> the type of the state
 */
public final class Agent<S> {

    private final ProcessRef<AgentServer<S>> ref;

    private Agent(ProcessRef<AgentServer<S>> ref) {
        this.ref = ref;
    }

    /**
     * Starts an agent whose initial state {@code initial} computes inside the new process.
     *
     * @throws ProcessStartException if {@code initial} threw
     */
    public static <S> Agent<S> start(Scheduler scheduler, Supplier<? extends S> initial) {
        Objects.requireNonNull(scheduler, "scheduler must not be null");
        Objects.requireNonNull(initial, "initial must not be null");
        return new Agent<>(scheduler.spawn(() -> new AgentServer<S>(initial)));
    }

    /** Like {@link #start}, linked to the calling process. */
    public static <S> Agent<S> startLink(Supplier<? extends S> initial) {
        Objects.requireNonNull(initial, "initial must not be null");
        return new Agent<>(ProcessContext.current().spawnLink(() -> new AgentServer<S>(initial)));
    }

    /** The agent's process. */
    public ProcessRef<?> ref() {
        return ref;
    }

    /** The state itself. Mutable state objects should be read through {@link #get(Function)} instead. */
    public @Nullable S get() {
        return get(state -> state);
    }

    /** What {@code reader} makes of the state, computed inside the agent. */
    public <R> @Nullable R get(Function<? super S, ? extends R> reader) {
        Objects.requireNonNull(reader, "reader must not be null");
        return ref.call(new AgentServer.Get<>(reader));
    }

    /** {@link #get(Function)} with a timeout instead of the scheduler's default call timeout. */
    public <R> @Nullable R get(Function<? super S, ? extends R> reader, Duration timeout) {
        Objects.requireNonNull(reader, "reader must not be null");
        return ref.call(new AgentServer.Get<>(reader), timeout);
    }

    /** Replaces the state with {@code update(state)} and returns once it is done. */
    public void update(UnaryOperator<S> update) {
        Objects.requireNonNull(update, "update must not be null");
        ref.call(new AgentServer.Update<>(update));
    }

    /**
     * Replaces the state with {@code update(state)} and returns the state it replaced, like
     * {@link java.util.concurrent.atomic.AtomicReference#getAndUpdate}.
     */
    public @Nullable S getAndUpdate(UnaryOperator<S> update) {
        Objects.requireNonNull(update, "update must not be null");
        return ref.call(new AgentServer.GetAndUpdate<>(update));
    }

    /** Replaces the state with {@code update(state)} without waiting (Elixir's {@code Agent.cast}). */
    public void cast(UnaryOperator<S> update) {
        Objects.requireNonNull(update, "update must not be null");
        ref.send(new AgentServer.Update<>(update));
    }

    /** Stops the agent with {@link ExitReason#NORMAL} and waits until it has exited. */
    public void stop() {
        stop(ExitReason.NORMAL, Duration.ofSeconds(5));
    }

    /**
     * Stops the agent with {@code reason}, waiting at most {@code timeout} for it to exit.
     *
     * @throws NoProcessException  if the agent was already dead
     * @throws TaskTimeoutException if it did not exit in time
     */
    public void stop(ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
        }
        if (!ref.isAlive()) {
            throw new NoProcessException("agent " + ref.pid() + " is not alive");
        }
        ref.send(new AgentServer.Stop(reason));
        dev.actorkit.internal.Runtime.beforeBlocking();
        try {
            ref.termination().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            throw new TaskTimeoutException("agent " + ref.pid() + " did not stop within " + timeout);
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActorException("interrupted while stopping agent " + ref.pid(), e);
        }
    }

    @Override
    public String toString() {
        return "Agent[" + ref.pid() + "]";
    }
}
