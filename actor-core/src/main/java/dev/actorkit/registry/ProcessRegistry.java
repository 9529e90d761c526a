package dev.actorkit.registry;

import dev.actorkit.NameTakenException;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessName;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The two kinds of {@link Registry}: {@link Unique} and {@link Duplicate}.
 *
 * <p>Concurrency: the entries live in a {@link ConcurrentHashMap} keyed by key (a single slot per key
 * for unique keys, a skip-list set ordered by registration for duplicate keys), so reads are lock-free
 * and only writers to the same key contend. A second map holds one {@link Owner} per process with
 * entries: the slots it owns (an immutable list, replaced under the owner's lock, read without it)
 * and a {@code closed} flag. The first registration of a process installs its owner with
 * {@code putIfAbsent} and then subscribes, once, to the process's
 * {@link ProcessRef#termination() termination}; the owner stays (with its one subscription) until the
 * process exits, even if all its entries are unregistered, so that registering again never stacks
 * subscriptions. On exit the callback, on whatever thread ended the process, closes the owner under
 * its lock, takes its slots, removes the owner from the map and then removes each slot from the
 * entries, by identity. A registration inserts its slot under the owner's lock only if the owner is
 * not closed; so every slot is either seen by the exit cleanup or never inserted, and the exit race is
 * closed: if the process dies before the subscription, {@code termination()} is already complete and
 * the callback runs at once, closing the owner, and the registration retries, sees the process dead
 * and throws {@link NoProcessException}; if it dies after the insert, the callback finds the slot.
 * Lock order is owner lock, then the map's bin lock; the cleanup never holds both. Removal is by slot
 * identity and counted only when the map really removed it, so each entry is removed exactly once,
 * whether by {@code unregister}, by the exit cleanup, or (unique keys) by a new owner taking the key of
 * a dead holder whose cleanup has not run yet: between a process's death ({@code isAlive()} false) and
 * its cleanup, readers skip its entries and unique registrations treat its keys as free.
 */
abstract sealed class ProcessRegistry<K> implements Registry<K> permits ProcessRegistry.Unique, ProcessRegistry.Duplicate {

    /** One registration: an entry under a key. Compared by identity. */
    static final class Slot {
        final Object key;
        final Entry entry;
        final long sequence;

        Slot(Object key, Entry entry, long sequence) {
            this.key = key;
            this.entry = entry;
            this.sequence = sequence;
        }

        boolean isLive() {
            return entry.process().isAlive();
        }
    }

    /** A process with entries: its slots and its exit subscription. */
    static final class Owner {
        final ProcessRef<?> process;
        /** Immutable; replaced under this owner's lock, read without it. */
        volatile List<Slot> slots = List.of();
        /** Guarded by this: set once by the exit cleanup; a closed owner takes no more slots. */
        boolean closed;

        Owner(ProcessRef<?> process) {
            this.process = process;
        }
    }

    private final Scheduler scheduler;
    private final ConcurrentHashMap<ProcessRef<?>, Owner> owners = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    /** Entries in the map, changed only where the map really changed. */
    final LongAdder size = new LongAdder();

    ProcessRegistry(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    // ---- what the two kinds do differently ----

    /** Puts the slot in the entries. Called under its owner's lock. */
    abstract void insert(Slot slot);

    /** Removes exactly this slot from the entries, if it is still there. */
    abstract void remove(Slot slot);

    /** The slots of a key, oldest first, live or not. */
    abstract Iterable<Slot> slots(Object key);

    // ---- Registry ----

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void register(K key, ProcessRef<?> process) {
        register(key, process, null);
    }

    @Override
    public void register(K key, ProcessRef<?> process, @Nullable Object value) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(process, "process must not be null");
        Slot slot = new Slot(key, new Entry(process, value), sequence.incrementAndGet());
        while (true) {
            if (!process.isAlive()) {
                throw new NoProcessException("cannot register process " + process.pid() + " under key " + key
                        + ": it is not alive");
            }
            Owner owner = ownerOf(process);
            synchronized (owner) {
                if (!owner.closed) {
                    insert(slot);
                    owner.slots = with(owner.slots, slot);
                    return;
                }
            }
            // The owner closed: the process has exited and its cleanup ran or runs now, so the next
            // round sees it dead and throws.
        }
    }

    /** The owner of {@code process}, installed and subscribed to its exit on its first registration. */
    private Owner ownerOf(ProcessRef<?> process) {
        Owner owner = owners.get(process);
        if (owner != null) {
            return owner;
        }
        Owner created = new Owner(process);
        owner = owners.putIfAbsent(process, created);
        if (owner != null) {
            return owner;
        }
        // Outside any lock: for a process that is already dead the callback runs right here.
        process.termination().whenComplete((reason, never) -> ownerExited(created));
        return created;
    }

    private void ownerExited(Owner owner) {
        List<Slot> slots;
        synchronized (owner) {
            owner.closed = true;
            slots = owner.slots;
            owner.slots = List.of();
        }
        owners.remove(owner.process, owner);
        for (Slot slot : slots) {
            remove(slot);
        }
    }

    @Override
    public boolean unregister(K key, ProcessRef<?> process) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(process, "process must not be null");
        Owner owner = owners.get(process);
        if (owner == null) {
            return false;
        }
        synchronized (owner) {
            List<Slot> kept = new ArrayList<>(owner.slots.size());
            boolean found = false;
            for (Slot slot : owner.slots) {
                if (slot.key.equals(key)) {
                    remove(slot);
                    found = true;
                } else {
                    kept.add(slot);
                }
            }
            if (found) {
                owner.slots = List.copyOf(kept);
            }
            return found;
        }
    }

    @Override
    public List<Entry> lookup(K key) {
        Objects.requireNonNull(key, "key must not be null");
        List<Entry> entries = new ArrayList<>(1);
        for (Slot slot : slots(key)) {
            if (slot.isLive()) {
                entries.add(slot.entry);
            }
        }
        return List.copyOf(entries);
    }

    @Override
    public Optional<ProcessRef<?>> whereis(K key) {
        throw new UnsupportedOperationException("whereis(" + key + ") needs a unique registry: in a duplicate registry a key"
                + " may have many owners; use lookup(key)");
    }

    @Override
    @SuppressWarnings("unchecked") // a slot's key is the K it was registered with
    public List<K> keys(ProcessRef<?> process) {
        Objects.requireNonNull(process, "process must not be null");
        Owner owner = owners.get(process);
        if (owner == null || !process.isAlive()) {
            return List.of();
        }
        List<Slot> slots = owner.slots;
        List<K> keys = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            keys.add((K) slot.key);
        }
        return List.copyOf(keys);
    }

    @Override
    public void dispatch(K key, Consumer<? super Entry> action) {
        Objects.requireNonNull(action, "action must not be null");
        for (Entry entry : lookup(key)) {
            action.accept(entry);
        }
    }

    @Override
    public int count() {
        return (int) Math.min(Integer.MAX_VALUE, size.sum());
    }

    @Override
    public ProcessName via(K key) {
        throw new UnsupportedOperationException("via(" + key + ") needs a unique registry: a via name must find one"
                + " process, and a key of a duplicate registry may have many (Elixir raises the same)");
    }

    /** Processes with an exit subscription now; for tests that check nothing leaks. */
    int owners() {
        return owners.size();
    }

    @Override
    public String toString() {
        return "Registry(" + (isUnique() ? "unique" : "duplicate") + ", " + count() + " entries)";
    }

    private static List<Slot> with(List<Slot> slots, Slot slot) {
        List<Slot> more = new ArrayList<>(slots.size() + 1);
        more.addAll(slots);
        more.add(slot);
        return List.copyOf(more);
    }

    /** Unique keys: at most one slot per key, whose owner, if alive, holds the key. */
    static final class Unique<K> extends ProcessRegistry<K> {

        private final ConcurrentHashMap<Object, Slot> entries = new ConcurrentHashMap<>();

        Unique(Scheduler scheduler) {
            super(scheduler);
        }

        @Override
        public boolean isUnique() {
            return true;
        }

        @Override
        void insert(Slot slot) {
            Slot[] holder = new Slot[1];
            boolean[] tookDeadKey = new boolean[1];
            entries.compute(slot.key, (key, current) -> {
                if (current == null) {
                    return slot;
                }
                if (current.isLive()) {
                    holder[0] = current;
                    return current;
                }
                tookDeadKey[0] = true; // its owner exited and its cleanup has not run yet: the key is free
                return slot;
            });
            if (holder[0] != null) {
                ProcessRef<?> taken = holder[0].entry.process();
                boolean self = taken.equals(slot.entry.process());
                throw new NameTakenException("key " + slot.key + " is already registered in this unique registry by "
                        + (self ? "the same process " : "live process ") + taken.pid()
                        + "; unregister it first, wait for that process to exit, use another key, or use"
                        + " Registry.duplicate(...) if several processes may share a key", taken);
            }
            if (!tookDeadKey[0]) {
                size.increment();
            }
        }

        @Override
        void remove(Slot slot) {
            if (entries.remove(slot.key, slot)) {
                size.decrement();
            }
        }

        @Override
        Iterable<Slot> slots(Object key) {
            Slot slot = entries.get(key);
            return slot == null ? List.of() : List.of(slot);
        }

        @Override
        public Optional<ProcessRef<?>> whereis(K key) {
            Objects.requireNonNull(key, "key must not be null");
            Slot slot = entries.get(key);
            return slot != null && slot.isLive() ? Optional.of(slot.entry.process()) : Optional.empty();
        }

        @Override
        public ProcessName via(K key) {
            return new Via(this, Objects.requireNonNull(key, "key must not be null"));
        }
    }

    /** Duplicate keys: any number of slots per key, in registration order. */
    static final class Duplicate<K> extends ProcessRegistry<K> {

        private static final Comparator<Slot> BY_REGISTRATION = Comparator.comparingLong(slot -> slot.sequence);

        private final ConcurrentHashMap<Object, ConcurrentSkipListSet<Slot>> entries = new ConcurrentHashMap<>();

        Duplicate(Scheduler scheduler) {
            super(scheduler);
        }

        @Override
        public boolean isUnique() {
            return false;
        }

        @Override
        void insert(Slot slot) {
            entries.compute(slot.key, (key, slots) -> {
                ConcurrentSkipListSet<Slot> set = slots != null ? slots : new ConcurrentSkipListSet<>(BY_REGISTRATION);
                set.add(slot);
                return set;
            });
            size.increment();
        }

        @Override
        void remove(Slot slot) {
            boolean[] removed = new boolean[1];
            entries.computeIfPresent(slot.key, (key, slots) -> {
                removed[0] = slots.remove(slot);
                return slots.isEmpty() ? null : slots;
            });
            if (removed[0]) {
                size.decrement();
            }
        }

        @Override
        Iterable<Slot> slots(Object key) {
            ConcurrentSkipListSet<Slot> slots = entries.get(key);
            return slots == null ? List.of() : slots;
        }
    }

    /** {@code {:via, Registry, {registry, key}}}: names each incarnation it is given under the key. */
    private record Via(Unique<?> registry, Object key) implements ProcessName {

        @Override
        @SuppressWarnings("unchecked") // the key came from via(K)
        public void register(Scheduler scheduler, ProcessRef<?> process) {
            if (scheduler != registry.scheduler()) {
                throw new IllegalArgumentException("via(" + key + ") names processes of the registry's scheduler "
                        + registry.scheduler() + ", but was asked to name a process of " + scheduler
                        + "; create the registry with the scheduler that runs the supervisor");
            }
            ((Unique<Object>) registry).register(key, process);
        }

        @Override
        public String toString() {
            return "via(" + registry + ", " + key + ")";
        }
    }
}
