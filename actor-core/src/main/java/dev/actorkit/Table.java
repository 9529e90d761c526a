package dev.actorkit;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * ETS: a concurrent key-value table owned by a process, a way to share state without a round trip
 * through a mailbox. Reads (and, in a {@link Access#PUBLIC public} table, writes) happen directly on
 * the calling thread, never through the owner's mailbox.
 *
 * <pre>{@code
 * Table<String, Integer> stock = Table.create(ctx.self(), Table.Access.PROTECTED);
 * stock.put("milk", 3);                       // the owner writes
 * Integer milk = stock.get("milk");           // anyone reads, from any thread
 * }</pre>
 *
 * <p>The table lives as long as its owner: when the owner exits, the table is deleted, unless an heir
 * was named and is alive, in which case the heir becomes the owner and receives a
 * {@link TableTransfer} message. After deletion every method but {@link #isDeleted()} and
 * {@link #delete()} throws {@link TableDeletedException}.
 *
 * <p>Thread-safe: each operation on one key is atomic (like {@link java.util.concurrent.ConcurrentHashMap});
 * {@link #keys()}, {@link #entries()} and {@link #size()} are snapshots that may miss writes made
 * while they run. Keys and values must not be null; keys are compared with {@code equals}, so use
 * immutable keys, and prefer immutable values, as readers share them.
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 */
public interface Table<K, V> {

    /** Who may write to a table. Anyone may read. */
    enum Access {
        /** Only the owner, from its own code (ETS {@code protected}, the default there too). */
        PROTECTED,
        /** Any thread or process. */
        PUBLIC
    }

    /**
     * A table owned by {@code owner}, deleted when the owner exits.
     *
     * @throws NoProcessException if {@code owner} is not alive
     */
    static <K, V> Table<K, V> create(ProcessRef<?> owner, Access access) {
        return OwnedTable.create(owner, access, null, null);
    }

    /**
     * A table owned by {@code owner} that passes to {@code heir} when the owner exits (ETS's
     * {@code {heir, Pid, HeirData}}): the heir receives {@code TableTransfer(table, owner, heirData)}.
     * If the heir is not alive by then, the table is deleted. A table is inherited once: the heir, now
     * owner, has no heir.
     *
     * @throws NoProcessException       if {@code owner} is not alive
     * @throws IllegalArgumentException if {@code heir} is the owner
     */
    static <K, V> Table<K, V> create(ProcessRef<?> owner, Access access, ProcessRef<?> heir, @Nullable Object heirData) {
        return OwnedTable.create(owner, access, Objects.requireNonNull(heir, "heir must not be null"), heirData);
    }

    /** Who may write to this table. */
    Access access();

    /** The process that owns the table now. */
    ProcessRef<?> owner();

    /** The process that inherits the table when the owner exits, if any. */
    Optional<ProcessRef<?>> heir();

    /** Whether the table has been deleted. Like {@link #delete()}, never throws {@link TableDeletedException}. */
    boolean isDeleted();

    /** The value of {@code key}, or {@code null} if it has none. */
    @Nullable V get(K key);

    /** Whether {@code key} has a value (ETS {@code member}). */
    boolean containsKey(K key);

    /**
     * Sets the value of {@code key} (ETS {@code insert}).
     *
     * @return the previous value, or {@code null}
     * @throws NotInProcessException  on a protected table, if the caller is not running in a process
     * @throws IllegalStateException  on a protected table, if the caller is another process than the owner
     */
    @Nullable V put(K key, V value);

    /**
     * Sets the value of {@code key} unless it has one (ETS {@code insert_new}).
     *
     * @return the value {@code key} already had, or {@code null} if this call set it
     */
    @Nullable V putIfAbsent(K key, V value);

    /**
     * Removes {@code key} (ETS {@code delete/2}).
     *
     * @return the value it had, or {@code null}
     */
    @Nullable V remove(K key);

    /**
     * Atomically replaces the value of {@code key} with {@code fn} applied to the current one
     * ({@code null} when absent); a {@code null} result removes the key. As
     * {@link java.util.concurrent.ConcurrentHashMap#compute}: {@code fn} runs once, while other writers of
     * that key wait, so keep it short, and it must not use this table.
     *
     * @return the new value, or {@code null} if the key has none now
     */
    @Nullable V update(K key, Function<? super @Nullable V, ? extends @Nullable V> fn);

    /** Removes every key (ETS {@code delete_all_objects}). */
    void clear();

    /** The number of keys. */
    int size();

    /** A snapshot of the keys. */
    Set<K> keys();

    /** A snapshot of the keys and values (ETS {@code tab2list}). */
    Map<K, V> entries();

    /**
     * Makes {@code newOwner} the owner (ETS {@code give_away}); it receives
     * {@code TableTransfer(table, previousOwner, data)}. Only the owner may give a table away, from its
     * own code, whatever the access; the heir stays as it was.
     *
     * @throws NoProcessException       if {@code newOwner} is not alive
     * @throws IllegalArgumentException if {@code newOwner} already owns the table
     * @throws NotInProcessException    if the caller is not running in a process
     * @throws IllegalStateException    if the caller is another process than the owner
     */
    void giveAway(ProcessRef<?> newOwner, @Nullable Object data);

    /**
     * Deletes the table (ETS {@code delete/1}), as its owner's exit would without an heir. Allowed to
     * those who may write. Does nothing if the table is deleted already.
     */
    void delete();
}
