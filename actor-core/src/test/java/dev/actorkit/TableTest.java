package dev.actorkit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.Table.Access;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ETS behaviours: access, reads from anywhere, deletion with the owner, heir, give_away. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TableTest {

    private static final Duration WAIT = Await.WAIT;

    private final Scheduler scheduler = Scheduler.create();
    /** Released when the test ends, so that processes blocked on purpose finish. */
    private final CountDownLatch testEnd = new CountDownLatch(1);

    @AfterEach
    void close() {
        testEnd.countDown();
        scheduler.close(Duration.ofMillis(200));
    }

    /** A table that {@code owner} creates from its own code, as ETS's {@code new} does. */
    private static <K, V> Table<K, V> createIn(ProcessRef<Object> owner, Access access) throws Exception {
        return Puppet.perform(owner, ctx -> Table.create(ctx.self(), access));
    }

    private static void killAndAwaitExit(Scheduler scheduler, ProcessRef<?> process) throws Exception {
        scheduler.exit(process, ExitReason.KILL);
        assertThat(Await.exitReasonOf(process)).isEqualTo(ExitReason.KILLED);
    }

    /** The exception {@code action}, run inside {@code puppet}, threw. */
    private static Throwable failureIn(ProcessRef<Object> puppet, Puppet.Action action) {
        CompletableFuture<Object> result = Puppet.ask(puppet, ctx -> {
            try {
                action.run(ctx);
                return null;
            } catch (RuntimeException e) {
                return e; // returned, not thrown: the puppet stays alive
            }
        });
        Object outcome = result.join();
        assertThat(outcome).as("the action should have failed").isInstanceOf(Throwable.class);
        return (Throwable) outcome;
    }

    // ---- protected and public ----

    @Test
    void theOwnerWritesAProtectedTableAndAnyThreadOrProcessReadsIt() throws Exception {
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        ProcessRef<Object> reader = Puppet.spawn(scheduler);
        Table<String, Integer> table = createIn(owner, Access.PROTECTED);

        Puppet.perform(owner, ctx -> table.put("milk", 1));

        assertThat(table.get("milk")).isEqualTo(1);
        assertThat((Integer) Puppet.perform(reader, ctx -> table.get("milk"))).isEqualTo(1);
        assertThat(table.access()).isEqualTo(Access.PROTECTED);
        assertThat(table.owner()).isEqualTo(owner);
        assertThat(table.heir()).isEmpty();
    }

    @Test
    void aProtectedTableRefusesWritesFromCodeOutsideAnyProcessAndSaysWhoMayWrite() throws Exception {
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        Table<String, Integer> table = createIn(owner, Access.PROTECTED);

        assertThatThrownBy(() -> table.put("milk", 1))
                .isInstanceOf(NotInProcessException.class)
                .hasMessageContaining("only its owner " + owner.pid())
                .hasMessageContaining("Table.Access.PUBLIC");
        assertThatThrownBy(() -> table.remove("milk")).isInstanceOf(NotInProcessException.class);
        assertThatThrownBy(() -> table.update("milk", v -> 2)).isInstanceOf(NotInProcessException.class);
        assertThatThrownBy(table::clear).isInstanceOf(NotInProcessException.class);
        assertThat(table.size()).isZero();
    }

    @Test
    void aProtectedTableRefusesWritesFromAnotherProcessAndNamesBoth() throws Exception {
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        ProcessRef<Object> other = Puppet.spawn(scheduler);
        Table<String, Integer> table = createIn(owner, Access.PROTECTED);

        Throwable refused = failureIn(other, ctx -> table.put("milk", 1));

        assertThat(refused)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only its owner " + owner.pid())
                .hasMessageContaining("from process " + other.pid());
        assertThat(failureIn(other, ctx -> table.putIfAbsent("milk", 1))).isInstanceOf(IllegalStateException.class);
        assertThat(table.containsKey("milk")).isFalse();
    }

    @Test
    void anyoneWritesAPublicTableAndUpdateIsAtomicUnderContention() throws Exception {
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        ProcessRef<Object> other = Puppet.spawn(scheduler);
        Table<String, Integer> table = createIn(owner, Access.PUBLIC);

        table.put("from-thread", 1);
        Puppet.perform(other, ctx -> table.put("from-process", 2));
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1_000; i++) {
                    table.update("counter", n -> n == null ? 1 : n + 1);
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }

        assertThat(table.entries()).isEqualTo(Map.of("from-thread", 1, "from-process", 2, "counter", 4_000));
    }

    @Test
    void readsDoNotGoThroughTheOwnersMailboxSoABusyOwnerDoesNotDelayThem() throws Exception {
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        Table<String, Integer> table = createIn(owner, Access.PROTECTED);
        Puppet.perform(owner, ctx -> table.put("milk", 1));

        Puppet.order(owner, ctx -> {
            testEnd.await(); // the owner is stuck until the test ends
            return null;
        });
        Puppet.order(owner, ctx -> table.put("milk", 2)); // and this waits in its mailbox

        assertThat(table.get("milk")).isEqualTo(1);
        assertThat(table.keys()).containsExactly("milk");
    }

    @Test
    void theMapOperationsBehaveAsOnAConcurrentMap() throws Exception {
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        Table<String, Integer> table = createIn(owner, Access.PUBLIC);

        assertThat(table.put("a", 1)).isNull();
        assertThat(table.put("a", 2)).isEqualTo(1);
        assertThat(table.putIfAbsent("a", 3)).isEqualTo(2);
        assertThat(table.putIfAbsent("b", 3)).isNull();
        assertThat(table.update("a", n -> n + 10)).isEqualTo(12);
        assertThat(table.update("c", n -> n == null ? 1 : n)).isEqualTo(1);
        assertThat(table.update("c", n -> null)).isNull();
        assertThat(table.containsKey("c")).isFalse();
        Map<String, Integer> snapshot = table.entries();
        assertThat(table.remove("b")).isEqualTo(3);
        assertThat(table.remove("b")).isNull();

        assertThat(snapshot).isEqualTo(Map.of("a", 12, "b", 3)); // a snapshot: later writes do not show
        assertThat(table.keys()).containsExactly("a");
        assertThat(table.size()).isEqualTo(1);
        table.clear();
        assertThat(table.size()).isZero();
        assertThatThrownBy(() -> table.put("a", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void creatingATableForAProcessThatIsNotAliveOrWithTheOwnerAsHeirFails() throws Exception {
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        Await.exitReasonOf(dead);
        ProcessRef<Object> owner = Puppet.spawn(scheduler);

        assertThatThrownBy(() -> Table.create(dead, Access.PUBLIC))
                .isInstanceOf(NoProcessException.class)
                .hasMessageContaining(dead.pid().toString());
        assertThatThrownBy(() -> Table.create(owner, Access.PUBLIC, owner, "data"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- the owner's exit ----

    @Test
    void theTableIsDeletedWhenItsOwnerExitsAndThenEveryCallSaysWhy() throws Exception {
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        Table<String, Integer> table = createIn(owner, Access.PUBLIC);
        table.put("milk", 1);

        killAndAwaitExit(scheduler, owner);

        await().atMost(WAIT).until(table::isDeleted);
        assertThatThrownBy(() -> table.get("milk"))
                .isInstanceOf(TableDeletedException.class)
                .hasMessageContaining("owner " + owner.pid())
                .hasMessageContaining("killed")
                .hasMessageContaining("no heir");
        assertThatThrownBy(() -> table.put("milk", 2)).isInstanceOf(TableDeletedException.class);
        assertThatThrownBy(table::size).isInstanceOf(TableDeletedException.class);
        assertThatThrownBy(table::owner).isInstanceOf(TableDeletedException.class);
        table.delete(); // already deleted: nothing happens
    }

    @Test
    void theTableIsDeletedAlsoWhenItsOwnerEndsNormally() throws Exception {
        CompletableFuture<Table<String, Integer>> created = new CompletableFuture<>();
        ProcessRef<Object> owner = scheduler.spawn(ctx -> {
            Table<String, Integer> table = Table.create(ctx.self(), Access.PROTECTED);
            table.put("milk", 1);
            created.complete(table);
            ctx.receive();
        });
        Table<String, Integer> table = created.get(5, SECONDS);
        assertThat(table.get("milk")).isEqualTo(1);

        owner.send("stop");

        assertThat(Await.exitReasonOf(owner)).isEqualTo(ExitReason.NORMAL);
        await().atMost(WAIT).until(table::isDeleted);
    }

    @Test
    void theHeirTakesTheTableOverWhenTheOwnerExitsAndIsToldByATableTransfer() throws Exception {
        Inbox heirInbox = Inbox.started(scheduler);
        ProcessRef<Object> heir = Puppet.spawn(scheduler, heirInbox);
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        Table<String, Integer> table = Puppet.perform(owner,
                ctx -> Table.create(ctx.self(), Access.PROTECTED, heir, "stock"));
        Puppet.perform(owner, ctx -> table.put("milk", 1));
        assertThat(table.heir()).contains(heir);

        killAndAwaitExit(scheduler, owner);

        assertThat(heirInbox.next()).isEqualTo(new TableTransfer(table, owner, "stock"));
        assertThat(table.isDeleted()).isFalse();
        assertThat(table.owner()).isEqualTo(heir);
        assertThat(table.heir()).isEmpty(); // inherited once
        assertThat(table.get("milk")).isEqualTo(1);
        Puppet.perform(heir, ctx -> table.put("milk", 2)); // the heir now writes
        assertThat(table.get("milk")).isEqualTo(2);

        killAndAwaitExit(scheduler, heir);
        await().atMost(WAIT).until(table::isDeleted);
    }

    @Test
    void theHeirOfAnAnnotatedOwnerIsAnAnnotatedProcessThatReceivesTheTransfer() throws Exception {
        ProcessRef<Heir> heir = scheduler.spawn(Heir::new);
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        Table<String, Integer> table = Puppet.perform(owner,
                ctx -> Table.create(ctx.self(), Access.PROTECTED, heir, "stock"));

        killAndAwaitExit(scheduler, owner);

        await().atMost(WAIT).untilAsserted(() -> assertThat(heir.<Integer>call(new Stock("milk"))).isEqualTo(1));
        assertThat(table.owner()).isEqualTo(heir);
    }

    @Test
    void whenTheHeirIsDeadToo_theTableIsDeleted() throws Exception {
        ProcessRef<Object> heir = Puppet.spawn(scheduler);
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        Table<String, Integer> table = Puppet.perform(owner,
                ctx -> Table.create(ctx.self(), Access.PUBLIC, heir, "stock"));
        killAndAwaitExit(scheduler, heir);

        killAndAwaitExit(scheduler, owner);

        await().atMost(WAIT).until(table::isDeleted);
        assertThatThrownBy(() -> table.get("milk"))
                .isInstanceOf(TableDeletedException.class)
                .hasMessageContaining("heir " + heir.pid() + " was not alive");
    }

    @Test
    void afterTheOwnerHasExitedItsCodeCannotWriteAnyMore() throws Exception {
        CountDownLatch killed = new CountDownLatch(1);
        CompletableFuture<Throwable> lateWrite = new CompletableFuture<>();
        ProcessRef<Object> heir = Puppet.spawn(scheduler);
        CompletableFuture<Table<String, Integer>> created = new CompletableFuture<>();
        ProcessRef<Object> owner = scheduler.spawn(ctx -> {
            Table<String, Integer> table = Table.create(ctx.self(), Access.PROTECTED, heir, "stock");
            created.complete(table);
            // Uninterruptible on purpose: the code of a killed process runs on until its next runtime call.
            boolean interrupted = false;
            while (killed.getCount() > 0) {
                try {
                    killed.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            try {
                table.put("late", 1);
                lateWrite.complete(null);
            } catch (RuntimeException e) {
                lateWrite.complete(e);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        Table<String, Integer> table = created.get(5, SECONDS);

        killAndAwaitExit(scheduler, owner);
        killed.countDown();

        assertThat(lateWrite.get(5, SECONDS)).isInstanceOf(ProcessTerminatedException.class);
        await().atMost(WAIT).until(() -> table.owner().equals(heir));
        assertThat(table.containsKey("late")).isFalse();
    }

    // ---- give away ----

    @Test
    void giveAwayMakesAnotherProcessTheOwnerWhichIsToldAndTheFormerOwnerCanNoLongerWrite() throws Exception {
        Inbox inbox = Inbox.started(scheduler);
        ProcessRef<Object> receiver = Puppet.spawn(scheduler, inbox);
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        Table<String, Integer> table = createIn(owner, Access.PROTECTED);
        Puppet.perform(owner, ctx -> table.put("milk", 1));

        Puppet.perform(owner, ctx -> {
            table.giveAway(receiver, "yours");
            return null;
        });

        assertThat(inbox.next()).isEqualTo(new TableTransfer(table, owner, "yours"));
        assertThat(table.owner()).isEqualTo(receiver);
        assertThat(failureIn(owner, ctx -> table.put("milk", 2))).isInstanceOf(IllegalStateException.class);
        Puppet.perform(receiver, ctx -> table.put("milk", 3));
        assertThat(table.get("milk")).isEqualTo(3);

        killAndAwaitExit(scheduler, owner); // the former owner's exit no longer matters
        ProcessRef<Object> probe = Puppet.spawn(scheduler);
        killAndAwaitExit(scheduler, probe); // an unrelated exit, handled after the former owner's
        assertThat(table.isDeleted()).isFalse();
        assertThat(table.get("milk")).isEqualTo(3);

        killAndAwaitExit(scheduler, receiver);
        await().atMost(WAIT).until(table::isDeleted);
    }

    @Test
    void aTableGivenBackAndForthKeepsItsDataAndItsHeir() throws Exception {
        ProcessRef<Object> heir = Puppet.spawn(scheduler);
        ProcessRef<Object> first = Puppet.spawn(scheduler);
        ProcessRef<Object> second = Puppet.spawn(scheduler);
        Table<String, Integer> table = Puppet.perform(first,
                ctx -> Table.create(ctx.self(), Access.PROTECTED, heir, "stock"));

        for (int i = 0; i < 50; i++) {
            ProcessRef<Object> from = i % 2 == 0 ? first : second;
            ProcessRef<Object> to = i % 2 == 0 ? second : first;
            int round = i;
            Puppet.perform(from, ctx -> {
                table.put("round", round);
                table.giveAway(to, round);
                return null;
            });
        }

        assertThat(table.owner()).isEqualTo(first);
        assertThat(table.get("round")).isEqualTo(49);
        assertThat(table.heir()).contains(heir);
        killAndAwaitExit(scheduler, first);
        await().atMost(WAIT).until(() -> table.owner().equals(heir));
    }

    @Test
    void onlyTheOwnerGivesATableAwayAndOnlyToAnotherLiveProcess() throws Exception {
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        ProcessRef<Object> other = Puppet.spawn(scheduler);
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        Await.exitReasonOf(dead);
        Table<String, Integer> table = createIn(owner, Access.PUBLIC);

        assertThatThrownBy(() -> table.giveAway(other, "data"))
                .isInstanceOf(NotInProcessException.class)
                .hasMessageContaining("give it away");
        assertThat(failureIn(other, ctx -> {
            table.giveAway(other, "data");
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("only its owner " + owner.pid());
        assertThat(failureIn(owner, ctx -> {
            table.giveAway(dead, "data");
            return null;
        })).isInstanceOf(NoProcessException.class).hasMessageContaining(dead.pid().toString());
        assertThat(failureIn(owner, ctx -> {
            table.giveAway(owner, "data");
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(table.owner()).isEqualTo(owner);
    }

    // ---- delete ----

    @Test
    void theOwnerDeletesAProtectedTableAndOthersMayNot() throws Exception {
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        ProcessRef<Object> other = Puppet.spawn(scheduler);
        Table<String, Integer> table = createIn(owner, Access.PROTECTED);

        assertThat(failureIn(other, ctx -> {
            table.delete();
            return null;
        })).isInstanceOf(IllegalStateException.class);
        assertThat(table.isDeleted()).isFalse();

        Puppet.perform(owner, ctx -> {
            table.delete();
            return null;
        });

        assertThat(table.isDeleted()).isTrue();
        assertThatThrownBy(() -> table.get("milk"))
                .isInstanceOf(TableDeletedException.class)
                .hasMessageContaining("delete() was called by process " + owner.pid());
        assertThat(owner.isAlive()).isTrue();
    }

    @Test
    void anyoneDeletesAPublicTable() throws Exception {
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        Table<String, Integer> table = createIn(owner, Access.PUBLIC);

        table.delete();

        assertThat(table.isDeleted()).isTrue();
        assertThatThrownBy(() -> table.put("milk", 1)).isInstanceOf(TableDeletedException.class);
    }

    @Test
    void aDeletedTableIsNotRevivedWhenItsOwnerExits() throws Exception {
        Inbox heirInbox = Inbox.started(scheduler);
        ProcessRef<Object> heir = Puppet.spawn(scheduler, heirInbox);
        ProcessRef<Object> owner = Puppet.spawn(scheduler);
        Table<String, Integer> table = Puppet.perform(owner,
                ctx -> Table.create(ctx.self(), Access.PUBLIC, heir, "stock"));
        table.delete();

        killAndAwaitExit(scheduler, owner);

        heirInbox.expectNothing(Duration.ofMillis(200));
        assertThat(table.isDeleted()).isTrue();
    }

    // ---- an annotated heir ----

    record Stock(String item) { }

    @Process
    static class Heir {
        private Table<String, Integer> table = null;

        @Receive
        @SuppressWarnings("unchecked")
        void on(TableTransfer transfer) {
            table = (Table<String, Integer>) transfer.table();
            table.put("milk", 1); // the heir owns it now
        }

        @Receive
        Integer on(Stock stock) {
            return table == null ? null : table.get(stock.item());
        }
    }
}
