package dev.actorkit.registry;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.ExitReason;
import dev.actorkit.NameTakenException;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessName;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.registry.Registry.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Elixir's registry_test.exs, for what this API expresses: unique and duplicate keys, cleanup, via. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(200));
    }

    // ---- helpers ----

    /** A process that waits for messages until it is stopped. */
    private ProcessRef<Object> idle() {
        return scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });
    }

    /** A process that forwards what it receives to {@code into}. */
    private ProcessRef<Object> forwarder(BlockingQueue<Object> into) {
        return scheduler.spawn(ctx -> {
            while (true) {
                into.add(ctx.receive());
            }
        });
    }

    /**
     * Elixir's {@code register_task}: a process that registers itself, from its own code, under
     * {@code key} and then waits until it is stopped.
     */
    private <K> ProcessRef<Object> registeredProcess(Registry<K> registry, K key, Object value) throws Exception {
        CompletableFuture<Void> registered = new CompletableFuture<>();
        ProcessRef<Object> process = scheduler.spawn(ctx -> {
            try {
                registry.register(key, ctx.self(), value);
                registered.complete(null);
            } catch (RuntimeException e) {
                registered.completeExceptionally(e);
                throw e;
            }
            while (true) {
                ctx.receive();
            }
        });
        registered.get(5, SECONDS);
        return process;
    }

    private static void killAndAwaitExit(Scheduler scheduler, ProcessRef<?> process) throws Exception {
        scheduler.exit(process, ExitReason.KILL);
        assertThat(process.termination().get(5, SECONDS)).isEqualTo(ExitReason.KILLED);
    }

    private static void awaitCleanedUp(Registry<?> registry) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(registry.count()).as("entries").isZero();
            assertThat(((ProcessRegistry<?>) registry).owners()).as("owners with an exit subscription").isZero();
        });
    }

    // ---- unique keys ----

    @Nested
    class UniqueKeys {

        private final Registry<String> registry = Registry.unique(scheduler);

        @Test
        void aProcessRegistersUnderAKeyAndIsFoundByIt() {
            ProcessRef<Object> process = idle();

            registry.register("hello", process, "value");

            assertThat(registry.isUnique()).isTrue();
            assertThat(registry.lookup("hello")).containsExactly(new Entry(process, "value"));
            assertThat(registry.whereis("hello")).contains(process);
            assertThat(registry.keys(process)).containsExactly("hello");
            assertThat(registry.count()).isEqualTo(1);
        }

        @Test
        void aKeyWithoutAnEntryHasNoLookupNoWhereisAndNoKeys() {
            ProcessRef<Object> process = idle();

            assertThat(registry.lookup("nobody")).isEmpty();
            assertThat(registry.whereis("nobody")).isEmpty();
            assertThat(registry.keys(process)).isEmpty();
            assertThat(registry.count()).isZero();
        }

        @Test
        void registeringWithoutAValueStoresNull() {
            ProcessRef<Object> process = idle();

            registry.register("hello", process);

            assertThat(registry.lookup("hello")).containsExactly(new Entry(process, null));
        }

        @Test
        void aProcessRegisteringItsOwnKeyAgainGetsNameTakenNamingItselfAndKeepsOneEntry() {
            ProcessRef<Object> process = idle();
            registry.register("hello", process, "value");

            assertThatThrownBy(() -> registry.register("hello", process, "value"))
                    .isInstanceOfSatisfying(NameTakenException.class, e -> assertThat(e.holder()).isEqualTo(process))
                    .hasMessageContaining(process.pid().toString());
            assertThat(registry.keys(process)).containsExactly("hello");

            registry.register("world", process, "value");
            assertThat(registry.keys(process)).containsExactly("hello", "world");
            assertThat(registry.count()).isEqualTo(2);
        }

        @Test
        void aKeyHeldByALiveProcessIsNotGivenToAnotherAndTheErrorNamesTheHolderAndWhatToDo() throws Exception {
            ProcessRef<Object> holder = registeredProcess(registry, "hello", "value");
            ProcessRef<Object> other = idle();

            assertThatThrownBy(() -> registry.register("hello", other, "recent"))
                    .isInstanceOfSatisfying(NameTakenException.class, e -> assertThat(e.holder()).isEqualTo(holder))
                    .hasMessageContaining("hello")
                    .hasMessageContaining(holder.pid().toString())
                    .hasMessageContaining("unregister")
                    .hasMessageContaining("Registry.duplicate");
            assertThat(registry.keys(other)).isEmpty();
            assertThat(registry.lookup("hello")).containsExactly(new Entry(holder, "value"));
        }

        @Test
        void theKeyOfAHolderThatHasExitedIsFreeAtOnceEvenBeforeItsCleanup() throws Exception {
            // Elixir's "has unique registrations even if partition is delayed".
            ProcessRef<Object> holder = registeredProcess(registry, "hello", "value");
            ProcessRef<Object> next = idle();
            assertThatThrownBy(() -> registry.register("hello", next, "other")).isInstanceOf(NameTakenException.class);

            killAndAwaitExit(scheduler, holder);
            registry.register("hello", next, "other");

            assertThat(registry.lookup("hello")).containsExactly(new Entry(next, "other"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(registry.count()).isEqualTo(1));
        }

        @Test
        void keysAreComparedWithEquals() {
            Registry<Object> numbers = Registry.unique(scheduler);
            ProcessRef<Object> process = idle();

            numbers.register(1.0, process, "double");
            numbers.register(1, process, "int");

            assertThat(numbers.keys(process)).containsExactly(1.0, 1);
            assertThat(numbers.lookup(1)).containsExactly(new Entry(process, "int"));
        }

        @Test
        void dispatchCallsTheActionWithTheEntryOfTheKeyAndNeverForAKeyWithoutOne() throws Exception {
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            ProcessRef<Object> listener = forwarder(received);
            registry.dispatch("hello", entry -> {
                throw new AssertionError("will never be invoked");
            });

            registry.register("hello", listener, "value");
            registry.dispatch("hello", entry -> entry.process().send(new Dispatched(entry.value())));

            assertThat(received.poll(5, SECONDS)).isEqualTo(new Dispatched("value"));
        }

        @Test
        void unregisterRemovesOnlyThatKeyAndOnlyForItsOwner() {
            ProcessRef<Object> process = idle();
            ProcessRef<Object> stranger = idle();
            assertThat(registry.unregister("hello", process)).isFalse(); // no entries: fine

            registry.register("hello", process, "value");
            registry.register("world", process, "value");
            assertThat(registry.unregister("hello", stranger)).isFalse();
            assertThat(registry.keys(process)).containsExactly("hello", "world");

            assertThat(registry.unregister("hello", process)).isTrue();
            assertThat(registry.keys(process)).containsExactly("world");
            assertThat(registry.lookup("hello")).isEmpty();

            assertThat(registry.unregister("world", process)).isTrue();
            assertThat(registry.keys(process)).isEmpty();
            assertThat(registry.count()).isZero();
            assertThat(process.isAlive()).isTrue();
        }

        @Test
        void anUnregisteredKeyCanBeTakenByAnotherProcess() {
            ProcessRef<Object> first = idle();
            ProcessRef<Object> second = idle();
            registry.register("hello", first);

            registry.unregister("hello", first);
            registry.register("hello", second);

            assertThat(registry.whereis("hello")).contains(second);
        }

        @Test
        void registeringAProcessThatIsNotAliveThrowsNoProcessAndLeavesNoEntry() throws Exception {
            ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
            dead.termination().get(5, SECONDS);

            assertThatThrownBy(() -> registry.register("hello", dead))
                    .isInstanceOf(NoProcessException.class)
                    .hasMessageContaining(dead.pid().toString());
            assertThat(registry.lookup("hello")).isEmpty();
            awaitCleanedUp(registry);
        }

        @Test
        void viaNamesAPlainSpawnedProcessSoThatWhereisFindsIt() throws Exception {
            // Elixir's "via callbacks": register_name, whereis_name, send, already started.
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            ProcessRef<Object> worker = forwarder(received);
            ProcessName name = registry.via("worker");

            name.register(scheduler, worker);
            registry.whereis("worker").orElseThrow().send("hello");

            assertThat(received.poll(5, SECONDS)).isEqualTo("hello");
            assertThat(name).isEqualTo(registry.via("worker"));
            assertThatThrownBy(() -> name.register(scheduler, idle()))
                    .isInstanceOfSatisfying(NameTakenException.class, e -> assertThat(e.holder()).isEqualTo(worker));

            killAndAwaitExit(scheduler, worker);
            assertThat(registry.whereis("worker")).isEmpty();
            ProcessRef<Object> successor = idle();
            name.register(scheduler, successor); // as a supervisor does for the next incarnation
            assertThat(registry.whereis("worker")).contains(successor);
        }

        @Test
        void viaNamesAnAnnotatedProcessThatIsThenCalledByKey() {
            ProcessRef<Counter> counter = scheduler.spawn(Counter::new);
            registry.via("counter").register(scheduler, counter);

            registry.whereis("counter").orElseThrow().send(new Increment(2));
            int count = registry.whereis("counter").orElseThrow().call(new Get());

            assertThat(count).isEqualTo(2);
        }

        @Test
        void viaRefusesAProcessOfAnotherScheduler() {
            try (Scheduler other = Scheduler.create()) {
                ProcessRef<Object> stranger = other.spawn(ctx -> ctx.receive());

                assertThatThrownBy(() -> registry.via("worker").register(other, stranger))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("scheduler");
                assertThat(registry.whereis("worker")).isEmpty();
            }
        }
    }

    // ---- duplicate keys ----

    @Nested
    class DuplicateKeys {

        private final Registry<String> registry = Registry.duplicate(scheduler);

        @Test
        void aProcessMayRegisterTheSameKeyMoreThanOnce() {
            ProcessRef<Object> process = idle();

            registry.register("hello", process, "value");
            assertThat(registry.keys(process)).containsExactly("hello");
            registry.register("hello", process, "value");
            assertThat(registry.keys(process)).containsExactly("hello", "hello");
            registry.register("world", process, "value");

            assertThat(registry.isUnique()).isFalse();
            assertThat(registry.keys(process)).containsExactly("hello", "hello", "world");
            assertThat(registry.lookup("hello")).containsExactly(new Entry(process, "value"), new Entry(process, "value"));
            assertThat(registry.count()).isEqualTo(3);
        }

        @Test
        void severalProcessesShareAKeyAndLookupListsThemInRegistrationOrder() throws Exception {
            ProcessRef<Object> first = registeredProcess(registry, "topic", 1);
            ProcessRef<Object> second = registeredProcess(registry, "topic", 2);
            ProcessRef<Object> third = registeredProcess(registry, "topic", 3);

            assertThat(registry.lookup("topic"))
                    .containsExactly(new Entry(first, 1), new Entry(second, 2), new Entry(third, 3));
        }

        @Test
        void keysAreComparedWithEquals() {
            Registry<Object> numbers = Registry.duplicate(scheduler);
            ProcessRef<Object> process = idle();

            numbers.register(1.0, process, "double");
            numbers.register(1, process, "int");

            assertThat(numbers.keys(process)).containsExactly(1.0, 1);
            assertThat(numbers.lookup(1.0)).containsExactly(new Entry(process, "double"));
        }

        @Test
        void dispatchReachesEveryEntryOfTheKeyOnTheCallingThreadAndNoOther() throws Exception {
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            ProcessRef<Object> listener = forwarder(received);
            registry.dispatch("hello", entry -> {
                throw new AssertionError("will never be invoked");
            });
            registry.register("hello", listener, "value1");
            registry.register("hello", listener, "value2");
            registry.register("world", listener, "value3");
            Thread caller = Thread.currentThread();
            List<Thread> threads = new ArrayList<>();

            registry.dispatch("hello", entry -> {
                threads.add(Thread.currentThread());
                entry.process().send(new Dispatched(entry.value()));
            });

            assertThat(received.poll(5, SECONDS)).isEqualTo(new Dispatched("value1"));
            assertThat(received.poll(5, SECONDS)).isEqualTo(new Dispatched("value2"));
            assertThat(threads).containsOnly(caller).hasSize(2);

            registry.dispatch("world", entry -> entry.process().send(new Dispatched(entry.value())));
            assertThat(received.poll(5, SECONDS)).isEqualTo(new Dispatched("value3"));
            assertThat(received).isEmpty();
        }

        @Test
        void unregisterRemovesAllOfTheProcesssEntriesForTheKeyButNotThoseOfOthers() throws Exception {
            ProcessRef<Object> process = idle();
            ProcessRef<Object> other = registeredProcess(registry, "hello", "theirs");
            assertThat(registry.unregister("hello", process)).isFalse();
            registry.register("hello", process, "value");
            registry.register("hello", process, "value");
            registry.register("world", process, "value");

            assertThat(registry.unregister("hello", process)).isTrue();
            assertThat(registry.keys(process)).containsExactly("world");
            assertThat(registry.lookup("hello")).containsExactly(new Entry(other, "theirs"));

            assertThat(registry.unregister("world", process)).isTrue();
            assertThat(registry.keys(process)).isEmpty();
            assertThat(registry.count()).isEqualTo(1);
        }

        @Test
        void viaAndWhereisAreRefusedBecauseAKeyMayHaveManyProcesses() {
            // Elixir's "raises if attempt to be used on via".
            assertThatThrownBy(() -> registry.via("hello"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("unique registry");
            assertThatThrownBy(() -> registry.whereis("hello"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("lookup");
        }

        @Test
        void registeringAProcessThatIsNotAliveThrowsNoProcessAndLeavesNoEntry() throws Exception {
            ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
            dead.termination().get(5, SECONDS);

            assertThatThrownBy(() -> registry.register("hello", dead)).isInstanceOf(NoProcessException.class);

            assertThat(registry.lookup("hello")).isEmpty();
            awaitCleanedUp(registry);
        }
    }

    // ---- cleanup when owners exit, both kinds ----

    private Registry<String> registry(boolean unique) {
        return unique ? Registry.unique(scheduler) : Registry.duplicate(scheduler);
    }

    @ParameterizedTest(name = "unique = {0}")
    @ValueSource(booleans = {true, false})
    void theEntriesOfAProcessAreRemovedWhenItIsKilled(boolean unique) throws Exception {
        // Elixir's "clean up registry on process crash".
        Registry<String> registry = registry(unique);
        ProcessRef<Object> first = registeredProcess(registry, "hello", "value");
        ProcessRef<Object> second = registeredProcess(registry, "world", "value");
        assertThat(registry.count()).isEqualTo(2);

        killAndAwaitExit(scheduler, first);
        killAndAwaitExit(scheduler, second);

        assertThat(registry.lookup("hello")).isEmpty(); // at once: an exited owner's entries are never returned
        assertThat(registry.keys(first)).isEmpty();
        awaitCleanedUp(registry);
    }

    @ParameterizedTest(name = "unique = {0}")
    @ValueSource(booleans = {true, false})
    void theEntriesOfAProcessAreRemovedWhenItEndsNormallyOrCrashes(boolean unique) throws Exception {
        Registry<String> registry = registry(unique);
        ProcessRef<Object> finishing = scheduler.spawn(ctx -> {
            registry.register("finishing", ctx.self());
            ctx.receive();
        });
        ProcessRef<Object> crashing = scheduler.spawn(ctx -> {
            registry.register("crashing", ctx.self());
            ctx.receive();
            throw new IllegalStateException("boom");
        });
        await().atMost(WAIT).until(() -> registry.count() == 2);

        finishing.send("stop");
        crashing.send("stop");

        assertThat(finishing.termination().get(5, SECONDS)).isEqualTo(ExitReason.NORMAL);
        assertThat(crashing.termination().get(5, SECONDS)).isInstanceOf(ExitReason.Error.class);
        awaitCleanedUp(registry);
        assertThat(registry.lookup("finishing")).isEmpty();
        assertThat(registry.lookup("crashing")).isEmpty();
    }

    @ParameterizedTest(name = "unique = {0}")
    @ValueSource(booleans = {true, false})
    void manyOwnersExitingLeaveNoEntryAndNoSubscriptionBehind(boolean unique) throws Exception {
        Registry<String> registry = registry(unique);
        List<ProcessRef<Object>> owners = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ProcessRef<Object> owner = idle();
            registry.register("own-" + i, owner, i);
            registry.register("also-" + i, owner, i);
            owners.add(owner);
        }
        assertThat(registry.count()).isEqualTo(1000);

        for (ProcessRef<Object> owner : owners) {
            scheduler.exit(owner, ExitReason.SHUTDOWN);
        }

        awaitCleanedUp(registry);
        for (int i = 0; i < 500; i++) {
            assertThat(registry.lookup("own-" + i)).isEmpty();
            assertThat(registry.lookup("also-" + i)).isEmpty();
        }
    }

    @ParameterizedTest(name = "unique = {0}")
    @ValueSource(booleans = {true, false})
    void aRegistrationRacingWithItsOwnersExitNeverLeavesAnEntry(boolean unique) throws Exception {
        Registry<String> registry = registry(unique);
        AtomicInteger registered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        int rounds = 1_000;

        for (int i = 0; i < rounds; i++) {
            ProcessRef<Object> owner = scheduler.spawn(ctx -> {
                ctx.receive(); // returns at the first message: exits NORMAL
            });
            Thread killer = null;
            if (ThreadLocalRandom.current().nextBoolean()) {
                owner.send("go"); // it exits on its own thread, while we register
            } else {
                killer = Thread.ofPlatform().start(() -> scheduler.exit(owner, ExitReason.KILL));
            }
            try {
                registry.register("key-" + i, owner, i);
                registry.register("shared", owner, i);
                registered.incrementAndGet();
            } catch (NoProcessException | NameTakenException e) {
                refused.incrementAndGet();
            }
            if (killer != null) {
                killer.join();
            }
            owner.termination().get(5, SECONDS);
        }

        assertThat(registered.get() + refused.get()).isEqualTo(rounds);
        awaitCleanedUp(registry);
        assertThat(registry.lookup("shared")).isEmpty();
    }

    // ---- messages and an annotated process ----

    record Dispatched(Object value) { }

    record Increment(int by) { }

    record Get() { }

    @Process
    static class Counter {
        private int count;

        @Receive
        void on(Increment increment) {
            count += increment.by();
        }

        @Receive
        int on(Get get) {
            return count;
        }
    }
}
