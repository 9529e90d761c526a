package dev.actorkit.autoconfigure;

import dev.actorkit.ProcessRef;
import java.util.Optional;
import java.util.Set;

/**
 * The children of a dynamic supervisor declared under {@code actor.supervision} ({@code strategy:
 * dynamic}): instances of one {@code @Process}, started at run time, typically one per entity (an order,
 * a user, a bucket) under a key. The starter registers one bean per dynamic supervisor, of type
 * {@code DynamicProcesses<T>} for its process class {@code T} and named after the supervisor with
 * {@code Processes} appended ({@code buckets} → {@code bucketsProcesses}).
 *
 * <pre>{@code
 * ProcessRef<Bucket> shopping = buckets.getOrStart("shopping");
 * shopping.send(new Put("milk", 1));
 * }</pre>
 *
 * <p>A child started for a key learns it by injecting {@link ProcessKey}. A keyed child that exits for
 * good (stopped, crashed beyond its restart type, or passivated after the supervisor's
 * {@code idle-timeout}) frees its key, and the next {@link #getOrStart} starts a new child. The refs
 * returned by {@link #getOrStart} follow their key across passivation: a message sent or a call made
 * through one after its child was passivated starts a new child for the key, and a child is only
 * passivated when no such message is on its way. After any other exit, the ref is the ref of a stopped
 * process: sends become dead letters and calls fail.
 *
 * <p>Thread-safe: any thread or process may use it once the supervision tree has started.
 *
 * @param <T> the class of the process the children run
 */
public interface DynamicProcesses<T> {

    /**
     * Starts a new child without a key (OTP's {@code start_child}); it is never passivated.
     *
     * @throws dev.actorkit.supervisor.SupervisorException {@code MAX_CHILDREN} when the supervisor's
     *                                                     {@code max-children} are running
     * @throws dev.actorkit.ProcessStartException           if the child failed to start
     * @throws dev.actorkit.NoProcessException              if the supervisor is not running (before the
     *                                                     tree has started, or after it stopped)
     */
    ProcessRef<T> start();

    /**
     * The one child for {@code key}, started if there is none. Concurrent calls for one key start one
     * child; the others wait for it to have started.
     *
     * @throws dev.actorkit.supervisor.SupervisorException {@code MAX_CHILDREN}, as {@link #start()}
     * @throws dev.actorkit.ProcessStartException           if the child failed to start
     * @throws dev.actorkit.NoProcessException              if the supervisor is not running
     */
    ProcessRef<T> getOrStart(String key);

    /** The child for {@code key}, if one runs; starts nothing. */
    Optional<ProcessRef<T>> find(String key);

    /**
     * Stops the child for {@code key} (within its shutdown) and frees the key.
     *
     * @return false if no child runs for the key
     */
    boolean stop(String key);

    /**
     * Stops a child of this supervisor, keyed or not: a ref from {@link #start()} or {@link #getOrStart},
     * or one of its incarnations.
     *
     * @return false if it is not a running child of this supervisor
     */
    boolean stop(ProcessRef<?> child);

    /** The keys of the running keyed children; a snapshot. */
    Set<String> keys();

    /** The running children, keyed or not. */
    int count();
}
