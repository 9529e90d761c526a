package dev.actorkit;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Table} implementation: a {@link ConcurrentHashMap} plus its ownership.
 *
 * <p>Concurrency: the data is a {@code ConcurrentHashMap}; reads and public writes go straight to it.
 * Ownership is one immutable {@link State} (owner, heir, heir data, deletion) in a volatile field,
 * replaced only under the table's lock and read anywhere without it; every operation reads it once to
 * fail on a deleted table. A protected write, {@link #giveAway} and a protected {@link #delete} are
 * owner calls: the caller must be the owner's own code ({@link ProcessContext#current()} is the owner).
 * An owner's code may keep running for a moment after it was killed, so an owner call then increments
 * {@code ownerCalls} and only afterwards checks that the owner is still alive (a Dekker handshake with
 * the owner's exit, which makes {@code isAlive()} false before it completes {@code termination()}):
 * either the call sees the owner dead and fails, or the exit handling, which waits for
 * {@code ownerCalls} to drop to zero before it moves or deletes the table, sees the call and waits
 * for it. So the heir finds every write of the previous owner and none arrives after the hand-over.
 * Public writes are not counted: anyone may write, and a write racing with deletion can at worst land
 * in the cleared map, which is then cleared again. Deletion marks the state under the lock and clears
 * the map after releasing it, so that the lock is never held while waiting for a map bin that an
 * {@code update} function holds. The exit handling runs on a virtual thread
 * ({@code whenCompleteAsync}), never on the thread that ended the owner, which may be the dead owner's
 * own thread, where sending the {@link TableTransfer} would fail. Each process gets at most one exit
 * subscription per table ({@code watched}), however often ownership goes back and forth; a
 * subscription for a process that no longer owns the table does nothing.
 */
final class OwnedTable<K, V> implements Table<K, V> {

    private static final AtomicLong IDS = new AtomicLong();
    private static final Executor OWNER_EXITS = task -> Thread.ofVirtual().name("actorkit-table-owner-exit").start(task);

    /** Who owns the table; {@code deleted} is the reason once it is deleted, null before. Immutable. */
    private record State(ProcessRef<?> owner, @Nullable ProcessRef<?> heir, @Nullable Object heirData,
                         @Nullable String deleted) {
    }

    /** What an owner call is, for its error messages. */
    private enum OwnerCall {
        WRITE("write to it", "send the owner a message asking it to write, or create the table with Table.Access.PUBLIC"),
        GIVE_AWAY("give it away", "send the owner a message asking it to call giveAway"),
        DELETE("delete it", "send the owner a message asking it to delete the table, or let the owner exit");

        final String what;
        final String hint;

        OwnerCall(String what, String hint) {
            this.what = what;
            this.hint = hint;
        }
    }

    private final long id = IDS.incrementAndGet();
    private final Access access;
    private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    /** Replaced under this table's lock, read without it. */
    private volatile State state;
    /** Owner calls in progress; see the class comment. */
    private final AtomicInteger ownerCalls = new AtomicInteger();
    /** Guarded by this: the processes whose exit this table is subscribed to. */
    private final Set<ProcessRef<?>> watched = new HashSet<>();

    private OwnedTable(Access access, State state) {
        this.access = access;
        this.state = state;
    }

    static <K, V> Table<K, V> create(ProcessRef<?> owner, Access access, @Nullable ProcessRef<?> heir,
                                     @Nullable Object heirData) {
        Objects.requireNonNull(owner, "owner must not be null");
        Objects.requireNonNull(access, "access must not be null");
        if (owner.equals(heir)) {
            throw new IllegalArgumentException("the heir of a table must be another process than its owner " + owner.pid());
        }
        if (!owner.isAlive()) {
            throw new NoProcessException("cannot create a table owned by process " + owner.pid() + ": it is not alive");
        }
        OwnedTable<K, V> table = new OwnedTable<>(access, new State(owner, heir, heirData, null));
        table.watch(owner);
        return table;
    }

    // ---- ownership ----

    /** Subscribes to {@code process}'s exit, once per process. */
    private void watch(ProcessRef<?> process) {
        synchronized (this) {
            if (!watched.add(process)) {
                return;
            }
        }
        process.termination().whenCompleteAsync((reason, never) -> ownerExited(process, reason), OWNER_EXITS);
    }

    /** {@code process} exited: if it still owns the table, the heir takes it over or it is deleted. */
    private void ownerExited(ProcessRef<?> process, ExitReason reason) {
        synchronized (this) {
            watched.remove(process);
            if (state.deleted() != null || !state.owner().equals(process)) {
                return; // given away earlier, or deleted
            }
        }
        awaitOwnerCalls();
        @Nullable ProcessRef<?> heir;
        @Nullable Object heirData;
        synchronized (this) {
            State now = state;
            if (now.deleted() != null || !now.owner().equals(process)) {
                return;
            }
            heir = now.heir();
            if (heir != null && heir.isAlive()) {
                heirData = now.heirData();
                state = new State(heir, null, null, null); // inherited once: the new owner has no heir
            } else {
                deleteLocked("its owner " + process.pid() + " exited with reason " + reason
                        + (heir == null ? " and it had no heir" : " and its heir " + heir.pid() + " was not alive"));
                heir = null;
                heirData = null;
            }
        }
        if (heir == null) {
            map.clear();
            return;
        }
        watch(heir);
        try {
            heir.send(new TableTransfer(this, process, heirData));
        } catch (SchedulerClosedException closing) {
            synchronized (this) {
                if (state.deleted() == null && state.owner().equals(heir)) {
                    deleteLocked("its owner " + process.pid() + " exited with reason " + reason
                            + " while the scheduler was closing, so its heir " + heir.pid() + " could not take it over");
                }
            }
            map.clear();
        }
    }

    /** Waits until no owner call is in progress; those that start now see the owner dead. */
    private void awaitOwnerCalls() {
        for (int spins = 0; ownerCalls.get() != 0; spins++) {
            if (spins < 1_000) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000); // an owner's update function still running: let it finish
            }
        }
    }

    /**
     * Starts an owner call: checks that the caller is the owner's own code and still alive, and counts
     * the call in. The caller must end it with {@code ownerCalls.decrementAndGet()}.
     */
    private void beginOwnerCall(OwnerCall call) {
        State current = liveState();
        ProcessRef<Object> self;
        try {
            self = ProcessContext.current().self();
        } catch (NotInProcessException notInProcess) {
            throw new NotInProcessException(this + ": only its owner " + current.owner().pid() + " may " + call.what
                    + ", from its own code, but this call came from thread '" + Thread.currentThread().getName()
                    + "', which is not running a process; " + call.hint);
        }
        if (!self.isAlive()) {
            throw terminated(self); // a killed process's code running on: nothing it does is visible
        }
        if (!self.equals(current.owner())) {
            throw new IllegalStateException(this + ": only its owner " + current.owner().pid() + " may " + call.what
                    + ", from its own code, but this call came from process " + self.pid() + "; " + call.hint);
        }
        ownerCalls.incrementAndGet();
        // After the increment: see the class comment.
        if (!self.isAlive()) {
            ownerCalls.decrementAndGet();
            throw terminated(self);
        }
        State now = state;
        if (now.deleted() != null) {
            ownerCalls.decrementAndGet();
            throw new TableDeletedException(now.deleted());
        }
    }

    private static ProcessTerminatedException terminated(ProcessRef<?> process) {
        return new ProcessTerminatedException(process.pid(), process.termination().getNow(ExitReason.KILLED));
    }

    /** The state, if the table is not deleted. */
    private State liveState() {
        State current = state;
        if (current.deleted() != null) {
            throw new TableDeletedException(current.deleted());
        }
        return current;
    }

    /** Marks the table deleted; the caller then clears the map, outside the lock (an update function may hold a bin). */
    private void deleteLocked(String why) {
        State current = state;
        state = new State(current.owner(), null, null, this + " was deleted: " + why);
    }

    @Override
    public Access access() {
        return access;
    }

    @Override
    public ProcessRef<?> owner() {
        return liveState().owner();
    }

    @Override
    public Optional<ProcessRef<?>> heir() {
        return Optional.ofNullable(liveState().heir());
    }

    @Override
    public boolean isDeleted() {
        return state.deleted() != null;
    }

    @Override
    public void giveAway(ProcessRef<?> newOwner, @Nullable Object data) {
        Objects.requireNonNull(newOwner, "newOwner must not be null");
        beginOwnerCall(OwnerCall.GIVE_AWAY);
        try {
            ProcessRef<?> from;
            synchronized (this) {
                State current = liveState();
                if (current.owner().equals(newOwner)) {
                    throw new IllegalArgumentException(this + " is already owned by " + newOwner.pid()
                            + "; give it to another process");
                }
                if (!newOwner.isAlive()) {
                    throw new NoProcessException("cannot give " + this + " to process " + newOwner.pid()
                            + ": it is not alive");
                }
                from = current.owner();
                state = new State(newOwner, current.heir(), current.heirData(), null);
            }
            watch(newOwner);
            TableTransfer transfer = new TableTransfer(this, from, data);
            try {
                newOwner.send(transfer); // from the owner's code: ordered after its earlier sends
            } catch (ProcessTerminatedException killedMeanwhile) {
                // The owner was alive when it gave the table away, so the new owner must hear of it.
                OWNER_EXITS.execute(() -> newOwner.send(transfer));
                throw killedMeanwhile;
            }
        } finally {
            ownerCalls.decrementAndGet();
        }
    }

    @Override
    public void delete() {
        if (state.deleted() != null) {
            return;
        }
        boolean counted = access == Access.PROTECTED;
        if (counted) {
            beginOwnerCall(OwnerCall.DELETE);
        }
        try {
            synchronized (this) {
                if (state.deleted() == null) {
                    deleteLocked("delete() was called by " + caller());
                }
            }
            map.clear();
        } finally {
            if (counted) {
                ownerCalls.decrementAndGet();
            }
        }
    }

    private static String caller() {
        try {
            return "process " + ProcessContext.current().self().pid();
        } catch (NotInProcessException notInProcess) {
            return "thread '" + Thread.currentThread().getName() + "'";
        }
    }

    // ---- data ----

    /** Checks that the caller may write now; true if it is a counted owner call, to end with {@link #endWrite}. */
    private boolean beginWrite() {
        if (access == Access.PUBLIC) {
            liveState();
            return false;
        }
        beginOwnerCall(OwnerCall.WRITE);
        return true;
    }

    private void endWrite(boolean ownerCall) {
        if (ownerCall) {
            ownerCalls.decrementAndGet();
        } else if (state.deleted() != null) {
            map.clear(); // a public write raced with the deletion: keep a deleted table empty
        }
    }

    @Override
    public @Nullable V get(K key) {
        Objects.requireNonNull(key, "key must not be null");
        liveState();
        return map.get(key);
    }

    @Override
    public boolean containsKey(K key) {
        Objects.requireNonNull(key, "key must not be null");
        liveState();
        return map.containsKey(key);
    }

    @Override
    public @Nullable V put(K key, V value) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(value, "value must not be null; use remove(key) to remove a key");
        boolean ownerCall = beginWrite();
        try {
            return map.put(key, value);
        } finally {
            endWrite(ownerCall);
        }
    }

    @Override
    public @Nullable V putIfAbsent(K key, V value) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(value, "value must not be null");
        boolean ownerCall = beginWrite();
        try {
            return map.putIfAbsent(key, value);
        } finally {
            endWrite(ownerCall);
        }
    }

    @Override
    public @Nullable V remove(K key) {
        Objects.requireNonNull(key, "key must not be null");
        boolean ownerCall = beginWrite();
        try {
            return map.remove(key);
        } finally {
            endWrite(ownerCall);
        }
    }

    @Override
    public @Nullable V update(K key, Function<? super @Nullable V, ? extends @Nullable V> fn) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(fn, "fn must not be null");
        boolean ownerCall = beginWrite();
        try {
            return map.compute(key, (k, current) -> fn.apply(current));
        } finally {
            endWrite(ownerCall);
        }
    }

    @Override
    public void clear() {
        boolean ownerCall = beginWrite();
        try {
            map.clear();
        } finally {
            endWrite(ownerCall);
        }
    }

    @Override
    public int size() {
        liveState();
        return map.size();
    }

    @Override
    public Set<K> keys() {
        liveState();
        return Set.copyOf(map.keySet());
    }

    @Override
    public Map<K, V> entries() {
        liveState();
        return Map.copyOf(map);
    }

    @Override
    public String toString() {
        State current = state;
        return "table #" + id + " (" + access.name().toLowerCase(Locale.ROOT) + ", owner " + current.owner().pid()
                + (current.deleted() != null ? ", deleted" : "") + ")";
    }
}
