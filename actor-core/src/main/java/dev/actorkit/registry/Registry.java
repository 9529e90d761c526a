package dev.actorkit.registry;

import dev.actorkit.NameTakenException;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessName;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Elixir's {@code Registry}: maps keys to processes, each entry owned by the process it names and
 * removed when that process exits. With {@linkplain #unique unique keys} a key has at most one live
 * owner (a name table for many processes, such as one per user or per order); with
 * {@linkplain #duplicate duplicate keys} a key may have any number of entries (a process group or a
 * pub-sub topic, with {@link #dispatch}).
 *
 * <pre>{@code
 * Registry<String> orders = Registry.unique(scheduler);
 * orders.register("order-42", orderProcess);
 * orders.whereis("order-42").ifPresent(order -> order.send(new Ship()));
 * }</pre>
 *
 * <p>Thread-safe: any thread or process may register, unregister and read at any time. Reads never
 * block and never go through a process's mailbox. An entry of a process that has exited is never
 * returned by {@link #lookup}, {@link #whereis}, {@link #keys} or {@link #dispatch}, and is removed
 * right after the exit; only {@link #count()} may include it for that instant.
 *
 * @param <K> the type of the keys; compared with {@code equals}, so use immutable values
 */
public interface Registry<K> {

    /** A registry in which a key has at most one live owner. */
    static <K> Registry<K> unique(Scheduler scheduler) {
        return new ProcessRegistry.Unique<>(Objects.requireNonNull(scheduler, "scheduler must not be null"));
    }

    /** A registry in which a key may have any number of entries, several of them from one process. */
    static <K> Registry<K> duplicate(Scheduler scheduler) {
        return new ProcessRegistry.Duplicate<>(Objects.requireNonNull(scheduler, "scheduler must not be null"));
    }

    /**
     * One registration: the owning process and the value it was registered with ({@code null} when
     * none was given). Immutable.
     */
    record Entry(ProcessRef<?> process, @Nullable Object value) {
        public Entry {
            Objects.requireNonNull(process, "process must not be null");
        }
    }

    /** The scheduler whose processes this registry names. */
    Scheduler scheduler();

    /** True for a registry made by {@link #unique}, false for one made by {@link #duplicate}. */
    boolean isUnique();

    /** {@link #register(Object, ProcessRef, Object)} with no value. */
    void register(K key, ProcessRef<?> process);

    /**
     * Adds an entry for {@code key}, owned by {@code process}; it is removed when the process exits.
     *
     * @throws NameTakenException  in a unique registry, if a live process already holds the key (that
     *                             process, possibly {@code process} itself, is its {@code holder()})
     * @throws NoProcessException  if {@code process} is not alive
     */
    void register(K key, ProcessRef<?> process, @Nullable Object value);

    /**
     * Removes the entries of {@code key} owned by {@code process} (all of them, in a duplicate
     * registry); the entries of other processes stay.
     *
     * @return whether there was such an entry
     */
    boolean unregister(K key, ProcessRef<?> process);

    /** The entries of {@code key} whose owners are alive, oldest registration first; empty if none. */
    List<Entry> lookup(K key);

    /**
     * The live process that holds {@code key} in a unique registry: what a {@link #via} name
     * resolves to.
     *
     * @throws UnsupportedOperationException in a duplicate registry, where a key may have many owners
     */
    Optional<ProcessRef<?>> whereis(K key);

    /** The keys {@code process} is registered under, one per entry, oldest first; empty once it has exited. */
    List<K> keys(ProcessRef<?> process);

    /**
     * Calls {@code action} for each entry of {@code key}, on the calling thread, oldest first; typically
     * to send each owner a message. Nothing happens if the key has no entries. The entries are taken
     * before the first call, so the action may register and unregister freely. An exception from the
     * action stops the dispatch and propagates.
     */
    void dispatch(K key, Consumer<? super Entry> action);

    /** The number of entries, all keys together. */
    int count();

    /**
     * A {@link ProcessName} that registers the process it names under {@code key} in this registry
     * (Elixir's {@code {:via, Registry, {registry, key}}}). Give it to a supervisor's child spec: each
     * incarnation of the child registers itself on start and is removed on exit, so the child, even a
     * dynamic one, is found with {@link #whereis}.
     *
     * @throws UnsupportedOperationException in a duplicate registry: a via name must find one process
     */
    ProcessName via(K key);
}
