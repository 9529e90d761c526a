package dev.actorkit;

import dev.actorkit.internal.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Elixir's {@code Task}: a computation run in its own process, whose result its owner awaits.
 *
 * <pre>{@code
 * Task<Integer> task = Task.async(scheduler, () -> expensiveSum());
 * int sum = task.await(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>The owner is the code that called {@link #async}: when that is a process, the task is linked to it,
 * so a crash in the task takes the owner down too (unless it traps exits), as in Elixir. When the owner
 * is a plain thread, a crash surfaces from {@code await} as a {@link ProcessExitException}. The task
 * runs on a virtual thread, so it may block.
 *
 * <p>Thread-safety: the owner awaits; when the owner is a process, {@code await}, {@code yield} and
 * {@code shutdown} must be called from that process, as in Elixir.
 *
 * @param <T> the type of the result
 */
public final class Task<T> {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final ProcessRef<Object> ref;
    private final CompletableFuture<T> result;
    private final Tasks.Owner owner;

    private Task(ProcessRef<Object> ref, CompletableFuture<T> result, Tasks.Owner owner) {
        this.ref = ref;
        this.result = result;
        this.owner = owner;
    }

    /**
     * Runs {@code work} in a new process, linked to the caller when the caller is a process.
     *
     * @throws SchedulerClosedException if the scheduler has been closed
     */
    public static <T> Task<T> async(Scheduler scheduler, Callable<? extends T> work) {
        Objects.requireNonNull(scheduler, "scheduler must not be null");
        Objects.requireNonNull(work, "work must not be null");
        CompletableFuture<T> result = new CompletableFuture<>();
        Tasks.Owner owner = Tasks.owner();
        ProcessBody body = ctx -> result.complete(work.call());
        ProcessRef<Object> ref = owner.isProcess() ? owner.context().spawnLink(body) : scheduler.spawn(body);
        // A task that exits without a result (crash, kill, shutdown) fails its result with the reason.
        ref.termination().thenAccept(reason -> result.completeExceptionally(new ProcessExitException(
                "task " + ref.pid() + " exited with " + reason + " before returning a result", reason)));
        return new Task<>(ref, result, owner);
    }

    /** The task's process. */
    public ProcessRef<Object> ref() {
        return ref;
    }

    /** {@link #await(Duration)} with Elixir's default of five seconds. */
    public T await() {
        return await(DEFAULT_TIMEOUT);
    }

    /**
     * Waits for the result. If it does not come in time, the task is shut down and
     * {@link TaskTimeoutException} is thrown (in Elixir the owner exits, taking its linked task with it).
     *
     * @throws ProcessExitException  the task crashed or was killed; carries its exit reason
     * @throws TaskTimeoutException  no result within {@code timeout}
     */
    public T await(Duration timeout) {
        requireTimeout(timeout);
        owner.checkCaller("await");
        dev.actorkit.internal.Runtime.beforeBlocking();
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            shutdown(Duration.ZERO);
            throw new TaskTimeoutException("task " + ref.pid() + " did not finish within " + timeout
                    + "; it has been shut down. Use yield(timeout) to wait without giving up on it.");
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActorException("interrupted while awaiting task " + ref.pid(), e);
        }
    }

    /**
     * Waits up to {@code timeout} for the result without giving up on the task: empty if it is still
     * running (await or yield again later). {@code Optional} cannot hold {@code null}: for a task whose
     * result may be {@code null}, empty can also mean that result; use {@link #await} there.
     *
     * @throws ProcessExitException the task crashed or was killed
     */
    public Optional<T> yield(Duration timeout) {
        requireTimeout(timeout);
        owner.checkCaller("yield");
        dev.actorkit.internal.Runtime.beforeBlocking();
        try {
            return Optional.ofNullable(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException stillRunning) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActorException("interrupted while waiting for task " + ref.pid(), e);
        }
    }

    /**
     * Awaits several tasks with one deadline for all; the results in the order of {@code tasks}. On
     * timeout, or when one of them failed, every unfinished task is shut down.
     */
    public static <T> List<T> awaitAll(List<Task<T>> tasks, Duration timeout) {
        Objects.requireNonNull(tasks, "tasks must not be null");
        requireTimeout(timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> results = new ArrayList<>(tasks.size());
        for (Task<T> task : tasks) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            try {
                results.add(task.await(left));
            } catch (TaskTimeoutException late) {
                tasks.forEach(other -> other.shutdown(Duration.ZERO));
                throw new TaskTimeoutException("not all of " + tasks.size() + " tasks finished within " + timeout
                        + "; the unfinished ones have been shut down");
            } catch (RuntimeException failed) {
                // Elixir's await_many: a failed task takes the awaiting owner, and so its other tasks, down.
                tasks.forEach(other -> other.shutdown(Duration.ZERO));
                throw failed;
            }
        }
        return results;
    }

    /** {@link #shutdown(Duration)} with Elixir's default of five seconds. */
    public Optional<T> shutdown() {
        return shutdown(DEFAULT_TIMEOUT);
    }

    /**
     * Stops the task: unlinks it from its owner, sends it an exit signal {@code SHUTDOWN}, and kills it
     * if it has not exited after {@code timeout} ({@link Duration#ZERO}: kill at once).
     *
     * @return the result, if the task had finished before it was stopped (empty also for a
     *         {@code null} result, as with {@link #yield})
     */
    public Optional<T> shutdown(Duration timeout) {
        requireTimeout(timeout);
        owner.checkCaller("shutdown");
        if (owner.isProcess()) {
            owner.context().unlink(ref);
        }
        if (!result.isDone()) {
            dev.actorkit.internal.Runtime.beforeBlocking();
            Tasks.exit(ref, timeout.isZero() ? ExitReason.KILL : ExitReason.SHUTDOWN);
            try {
                ref.termination().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stubborn) {
                Tasks.exit(ref, ExitReason.KILL);
            } catch (ExecutionException impossible) {
                throw new IllegalStateException(impossible);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Tasks.exit(ref, ExitReason.KILL);
            }
        }
        return result.isCompletedExceptionally() || !result.isDone() ? Optional.empty() : Optional.ofNullable(result.getNow(null));
    }

    private static RuntimeException unwrap(ExecutionException e) {
        return e.getCause() instanceof RuntimeException failure ? failure : new ActorException("task failed", e.getCause());
    }

    private static void requireTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
        }
    }

    @Override
    public String toString() {
        return "Task[" + ref.pid() + (result.isDone() ? ", done]" : ", running]");
    }
}
