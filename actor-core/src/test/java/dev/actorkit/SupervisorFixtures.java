package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.annotation.Terminate;
import dev.actorkit.supervisor.ChildInfo;
import dev.actorkit.supervisor.ChildState;
import dev.actorkit.supervisor.Supervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionFactory;

/**
 * What the supervisor tests share: workers that write their lives to a journal, the messages that
 * drive them, and waits on supervisors. Not a test.
 */
final class SupervisorFixtures {

    static final Duration WAIT = Await.WAIT;

    private SupervisorFixtures() {
    }

    /** Makes a worker's handler throw: it exits with {@code error(IllegalStateException(why))}. */
    record Crash(String why) { }

    /** Makes a worker call {@code ctx.exit(reason)}. */
    record ExitWith(ExitReason reason) { }

    /** Asks a worker for the pid of the incarnation that handles it. */
    record WhoAmI() { }

    /** Asks a worker for the ref of the incarnation that handles it ({@code ctx.self()}). */
    record SelfRef() { }

    /** A worker writes {@code "<id> got <text>"} to its journal. */
    record Note(String text) { }

    /**
     * A worker that writes its life to a journal shared by the test: {@code "<id> start"} (in
     * {@code @Init}), {@code "<id> got <text>"}, {@code "<id> stop <reason>"} (in {@code @Terminate},
     * which runs when it stops by its own doing, or by its parent's exit signal when it traps exits),
     * and {@code "<id> exit-message <reason>"} for an {@link Exit} it receives as a message.
     */
    @Process
    static class Worker {
        final String id;
        final BlockingQueue<String> journal;

        Worker(String id, BlockingQueue<String> journal) {
            this.id = id;
            this.journal = journal;
        }

        @Init
        void init() {
            journal.add(id + " start");
        }

        @Terminate
        void terminate(ExitReason reason) {
            journal.add(id + " stop " + reason);
        }

        @Receive
        void on(Crash m) {
            throw new IllegalStateException(m.why());
        }

        @Receive
        void on(ExitWith m, ProcessContext ctx) {
            ctx.exit(m.reason());
        }

        @Receive
        Pid on(WhoAmI m, ProcessContext ctx) {
            return ctx.self().pid();
        }

        @Receive
        ProcessRef<Object> on(SelfRef m, ProcessContext ctx) {
            return ctx.self();
        }

        @Receive
        void on(Note m) {
            journal.add(id + " got " + m.text());
        }

        @Receive
        void on(Exit m) {
            journal.add(id + " exit-message " + m.reason());
        }
    }

    /** A {@link Worker} that traps exits, so its supervisor's shutdown runs its {@code @Terminate}. */
    @Process(trapExits = true)
    static class TrappingWorker extends Worker {
        TrappingWorker(String id, BlockingQueue<String> journal) {
            super(id, journal);
        }
    }

    /** A worker whose {@code @Init} throws: it never starts. */
    @Process
    static class FailingInit {
        @Init
        void init() {
            throw new IllegalStateException("init refused");
        }

        @Receive
        ProcessRef<Object> on(SelfRef m, ProcessContext ctx) {
            return ctx.self();
        }

        @Receive
        void on(Note m) {
        }
    }

    /** Polls every few milliseconds, for at most {@link #WAIT}. */
    static ConditionFactory eventually() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    /** The next {@code n} journal entries, waiting for each. */
    static List<String> next(BlockingQueue<String> journal, int n) throws InterruptedException {
        List<String> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String entry = journal.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(entry).as("journal entry %d of %d within %s (got %s so far)", i + 1, n, WAIT, entries).isNotNull();
            entries.add(entry);
        }
        return entries;
    }

    /** The next journal entry that contains {@code part}, skipping others. */
    static String nextContaining(BlockingQueue<String> journal, String part) throws InterruptedException {
        while (true) {
            String entry = journal.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(entry).as("a journal entry containing '%s' within %s", part, WAIT).isNotNull();
            if (entry.contains(part)) {
                return entry;
            }
        }
    }

    /** Asserts that nothing is written to the journal for {@code quiet}. */
    static void expectQuiet(BlockingQueue<String> journal, Duration quiet) throws InterruptedException {
        assertThat(journal.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)).as("journal entry").isNull();
    }

    /** The pid of the incarnation of child {@code id} that runs now (or ran last). */
    static Pid pidOf(Supervisor supervisor, String id) {
        return supervisor.child(id).orElseThrow().pid();
    }

    /** What {@code whichChildren} says of child {@code id}. */
    static ChildInfo infoOf(Supervisor supervisor, String id) {
        return supervisor.whichChildren().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no child '" + id + "' in " + supervisor.whichChildren()));
    }

    static ChildState stateOf(Supervisor supervisor, String id) {
        return infoOf(supervisor, id).state();
    }

    /** Waits until child {@code id} runs an incarnation other than {@code old}; returns its pid. */
    static Pid awaitRestart(Supervisor supervisor, String id, Pid old) {
        eventually().until(() -> stateOf(supervisor, id) == ChildState.RUNNING && !pidOf(supervisor, id).equals(old));
        return pidOf(supervisor, id);
    }

    /** Waits until {@code ref} (a stable ref) runs an incarnation other than {@code old}; returns its pid. */
    static Pid awaitRestart(ProcessRef<?> ref, Pid old) {
        eventually().until(() -> ref.isAlive() && !ref.pid().equals(old));
        return ref.pid();
    }

    /** Makes {@code watcher} (a puppet) monitor {@code target}. */
    static MonitorRef monitor(ProcessRef<Object> watcher, ProcessRef<?> target) throws Exception {
        return Puppet.perform(watcher, ctx -> ctx.monitor(target));
    }
}
