package dev.actorkit.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

// tag::imports[]
import dev.actorkit.DeadLetter;
import dev.actorkit.Down;
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.Pid;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessName;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.annotation.Terminate;
import dev.actorkit.registry.Registry;
import dev.actorkit.supervisor.ChildCounts;
import dev.actorkit.supervisor.ChildInfo;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.ChildState;
import dev.actorkit.supervisor.DynamicSupervisor;
import dev.actorkit.supervisor.DynamicSupervisorSpec;
import dev.actorkit.supervisor.Restart;
import dev.actorkit.supervisor.Shutdown;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorException;
import dev.actorkit.supervisor.SupervisorSpec;
// end::imports[]
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/supervisors.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // the dead-letter subscription is held open by try-with-resources
class SupervisorsGuideTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    // tag::account-class[]
    record Deposit(int amount) { }
    record Balance() { }
    record Crash() { }

    @Process
    class Account {
        private int balance;                            // lost when the process crashes

        @Receive
        void on(Deposit deposit) {
            balance += deposit.amount();
        }

        @Receive
        int on(Balance balance) {
            return this.balance;
        }

        @Receive
        void on(Crash crash) {
            throw new IllegalStateException("corrupt state");
        }
    }
    // end::account-class[]

    // tag::worker-class[]
    @Process(trapExits = true)                          // so that @Terminate runs on SHUTDOWN
    class Worker {
        private final String name;
        private final BlockingQueue<String> log;        // where the examples look

        Worker(String name, BlockingQueue<String> log) {
            this.name = name;
            this.log = log;
        }

        @Init
        void init() {
            log.add("start " + name);
        }

        @Receive
        void on(Crash crash) {
            throw new IllegalStateException(name + " failed");
        }

        @Receive
        void on(Exit exit) { }                          // signals from non-parents: ignored

        @Terminate
        void terminate() {
            log.add("stop " + name);
        }
    }

    /** The next {@code count} lines of {@code log}, waiting up to 5 s for each. */
    static List<String> next(BlockingQueue<String> log, int count) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = log.poll(5, SECONDS);
            if (line == null) {
                break;
            }
            lines.add(line);
        }
        return lines;
    }
    // end::worker-class[]

    // tag::job-class[]
    record Finish() { }

    @Process
    class Job {
        @Receive
        void on(Finish finish, ProcessContext ctx) {
            ctx.exit(ExitReason.NORMAL);                // done: a normal exit
        }
    }
    // end::job-class[]

    // tag::connection-class[]
    @Process(trapExits = true, blocking = true)         // blocking: @Terminate waits on a latch
    class Connection {
        private final CountDownLatch closing;
        private final BlockingQueue<Boolean> closedTogether;

        Connection(CountDownLatch closing, BlockingQueue<Boolean> closedTogether) {
            this.closing = closing;
            this.closedTogether = closedTogether;
        }

        @Receive
        void on(Exit exit) { }

        @Terminate
        void close() throws InterruptedException {
            closing.countDown();
            closedTogether.add(closing.await(10, SECONDS));   // true once all are closing at once
        }
    }
    // end::connection-class[]

    @Test
    void aCrashedChildIsRestartedAndItsRefKeepsWorking() {
        // tag::first[]
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.worker("account", Account::new),              // a @Process class
                ChildSpec.worker("audit", ctx -> {                      // a ProcessBody
                    while (true) {
                        ctx.receive();
                    }
                })));
        ProcessRef<Account> account = supervisor.<Account>child("account").orElseThrow();
        Pid first = account.pid();

        account.send(new Deposit(10));
        account.send(new Crash());                      // the handler throws: the child crashes
        account.send(new Deposit(5));                   // waits for the next incarnation

        await().atMost(5, SECONDS).until(() -> account.isAlive() && !account.pid().equals(first));
        int balance = account.call(new Balance());
        assertThat(balance).isEqualTo(5);               // fresh state, and no message lost
        // end::first[]
    }

    @Test
    void childrenStartInSpecOrderAndStopInReverseOrder() throws Exception {
        // tag::order[]
        BlockingQueue<String> log = new LinkedBlockingQueue<>();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.worker("database", () -> new Worker("database", log)),
                ChildSpec.worker("cache", () -> new Worker("cache", log)),
                ChildSpec.worker("web", () -> new Worker("web", log))));
        assertThat(next(log, 3)).containsExactly("start database", "start cache", "start web");

        supervisor.stop();                              // returns once everything has stopped

        assertThat(next(log, 3)).containsExactly("stop web", "stop cache", "stop database");
        assertThat(supervisor.ref().termination().get(5, SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        // end::order[]
    }

    @Test
    void oneForOneRestartsOnlyTheChildThatCrashed() throws Exception {
        BlockingQueue<String> log = new LinkedBlockingQueue<>();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.worker("database", () -> new Worker("database", log)),
                ChildSpec.worker("cache", () -> new Worker("cache", log)),
                ChildSpec.worker("web", () -> new Worker("web", log))));
        next(log, 3);

        supervisor.child("cache").orElseThrow().send(new Crash());

        assertThat(next(log, 2)).containsExactly("stop cache", "start cache");
    }

    @Test
    void oneForAllStopsTheOthersInReverseOrderAndRestartsAllInOrder() throws Exception {
        // tag::one-for-all[]
        BlockingQueue<String> log = new LinkedBlockingQueue<>();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForAll(
                ChildSpec.worker("database", () -> new Worker("database", log)),
                ChildSpec.worker("cache", () -> new Worker("cache", log)),
                ChildSpec.worker("web", () -> new Worker("web", log))));
        next(log, 3);

        supervisor.child("cache").orElseThrow().send(new Crash());

        assertThat(next(log, 6)).containsExactly(
                "stop cache",                           // the crash (@Terminate runs on a crash too)
                "stop web", "stop database",            // the others, in reverse start order
                "start database", "start cache", "start web");
        // end::one-for-all[]
    }

    @Test
    void restForOneRestartsTheChildThatCrashedAndThoseStartedAfterIt() throws Exception {
        // tag::rest-for-one[]
        BlockingQueue<String> log = new LinkedBlockingQueue<>();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.restForOne(
                ChildSpec.worker("database", () -> new Worker("database", log)),
                ChildSpec.worker("cache", () -> new Worker("cache", log)),   // needs database
                ChildSpec.worker("web", () -> new Worker("web", log))));     // needs cache
        next(log, 3);

        supervisor.child("cache").orElseThrow().send(new Crash());

        assertThat(next(log, 4)).containsExactly("stop cache", "stop web", "start cache", "start web");
        assertThat(log).isEmpty();                      // database was left alone
        // end::rest-for-one[]
    }

    @Test
    void permanentChildrenAreAlwaysRestartedTransientOnesOnlyAfterACrashTemporaryOnesNever() {
        // tag::restart-types[]
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.worker("permanent", Job::new),                               // the default
                ChildSpec.worker("transient", Job::new).withRestart(Restart.TRANSIENT),
                ChildSpec.worker("temporary", Job::new).withRestart(Restart.TEMPORARY)));
        Pid permanent = supervisor.child("permanent").orElseThrow().pid();

        for (ChildInfo child : supervisor.whichChildren()) {
            child.ref().send(new Finish());             // each exits NORMAL
        }

        await().atMost(5, SECONDS).untilAsserted(() -> {
            assertThat(supervisor.whichChildren())
                    .extracting(ChildInfo::id, ChildInfo::state)
                    .containsExactly(
                            tuple("permanent", ChildState.RUNNING),    // restarted even so
                            tuple("transient", ChildState.STOPPED));   // spec kept; temporary: gone
            assertThat(supervisor.child("permanent").orElseThrow().pid()).isNotEqualTo(permanent);
        });
        // end::restart-types[]
    }

    @Test
    void aChildThatDoesNotStopWithinItsShutdownTimeoutIsKilled() throws Exception {
        // tag::shutdown[]
        CountDownLatch trapping = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.worker("stubborn", ctx -> {
                    ctx.trapExits(true);
                    trapping.countDown();
                    while (true) {
                        ctx.receive();                  // takes SHUTDOWN as a message and goes on
                    }
                }).withShutdown(Shutdown.timeout(Duration.ofMillis(200)))));   // default: 5 s
        ProcessRef<Object> stubborn = supervisor.child("stubborn").orElseThrow();
        trapping.await(5, SECONDS);

        supervisor.stop();                              // SHUTDOWN, 200 ms, then KILL

        assertThat(stubborn.termination().get(5, SECONDS)).isEqualTo(ExitReason.KILLED);
        // end::shutdown[]
    }

    @Test
    void tooManyRestartsMakeTheSupervisorStopItsChildrenAndExitWithShutdown() throws Exception {
        // tag::intensity[]
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                        ChildSpec.worker("account", Account::new))
                .withIntensity(2, Duration.ofSeconds(10)));    // at most 2 restarts in 10 s
        ProcessRef<Account> account = supervisor.<Account>child("account").orElseThrow();

        account.send(new Crash());                      // restart 1
        account.send(new Crash());                      // restart 2 (the mailbox outlives each crash)
        account.send(new Crash());                      // a 3rd restart would be too many: give up

        assertThat(supervisor.ref().termination().get(5, SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(account.termination().get(5, SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        // end::intensity[]
    }

    @Test
    void aSupervisorThatGivesUpIsRestartedByItsOwnSupervisor() {
        // tag::escalation[]
        Supervisor root = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.supervisor("payments", SupervisorSpec.oneForOne(                // nested
                                ChildSpec.worker("ledger", Account::new).withName(ProcessName.local("ledger")))
                        .withIntensity(1, Duration.ofSeconds(10)))));
        ProcessRef<Object> payments = root.child("payments").orElseThrow();
        Pid firstPayments = payments.pid();
        Pid firstLedger = scheduler.whereis("ledger").orElseThrow().pid();

        scheduler.send("ledger", new Crash());          // payments restarts the ledger: 1 restart
        await().atMost(5, SECONDS).until(() -> scheduler.whereis("ledger")
                .filter(ledger -> !ledger.pid().equals(firstLedger)).isPresent());
        scheduler.send("ledger", new Crash());          // 2 restarts: payments gives up, exits SHUTDOWN

        await().atMost(5, SECONDS).until(() -> payments.isAlive() && !payments.pid().equals(firstPayments));
        assertThat(root.whichChildren()).extracting(ChildInfo::state).containsExactly(ChildState.RUNNING);
        assertThat(root.ref().isAlive()).isTrue();      // root restarted payments, and payments its ledger
        // end::escalation[]
        await().atMost(5, SECONDS).until(() -> scheduler.whereis("ledger").isPresent());
    }

    @Test
    void messagesSentDuringARestartReachTheNextIncarnationAndOnlyTheCrashingOneIsADeadLetter() throws Exception {
        // tag::stable-ref[]
        BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();
        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {
            Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                    ChildSpec.worker("account", Account::new)));
            ProcessRef<Account> account = supervisor.<Account>child("account").orElseThrow();
            Pid first = account.pid();

            account.send(new Crash());
            for (int i = 0; i < 100; i++) {
                account.send(new Deposit(1));           // sent while it crashes and restarts
            }

            await().atMost(5, SECONDS).until(() -> account.isAlive() && !account.pid().equals(first));
            int balance = account.call(new Balance());  // queued behind the deposits
            assertThat(balance).isEqualTo(100);
            DeadLetter crashed = deadLetters.poll(5, SECONDS);
            assertThat(crashed.recipient()).isSameAs(account);      // the ref the sender used
            assertThat(crashed.message()).isEqualTo(new Crash());
            assertThat(crashed.cause()).isEqualTo(DeadLetter.Cause.CRASHED);
            assertThat(crashed.crash()).hasMessage("corrupt state");
            assertThat(deadLetters).isEmpty();          // nothing else was lost
        }
        // end::stable-ref[]
    }

    @Test
    void aMonitorThroughAStableRefWatchesTheIncarnationRunningAtThatMoment() throws Exception {
        // tag::incarnations[]
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.worker("account", Account::new)));
        ProcessRef<Account> account = supervisor.<Account>child("account").orElseThrow();
        Pid first = account.pid();
        CompletableFuture<Down> down = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            ctx.monitor(account);                       // watches the incarnation running now
            account.send(new Crash());
            down.complete(ctx.receive(Down.class, Duration.ofSeconds(5)).orElseThrow());
        });

        assertThat(down.get(5, SECONDS).process().pid()).isEqualTo(first);
        assertThat(down.get().reason()).isInstanceOf(ExitReason.Error.class);
        await().atMost(5, SECONDS).until(() -> account.isAlive() && !account.pid().equals(first));
        assertThat(account.termination()).isNotDone(); // completes only when it stops for good
        // end::incarnations[]
    }

    @Test
    void aLocalNameIsGivenToEachIncarnation() {
        // tag::local-name[]
        Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.worker("account", Account::new).withName(ProcessName.local("account"))));
        Pid first = scheduler.whereis("account").orElseThrow().pid();

        scheduler.send("account", new Crash());

        await().atMost(5, SECONDS).until(() -> scheduler.whereis("account")           // the new one
                .filter(account -> !account.pid().equals(first)).isPresent());
        scheduler.send("account", new Deposit(7));
        int balance = scheduler.whereis("account").orElseThrow().call(new Balance());
        assertThat(balance).isEqualTo(7);
        // end::local-name[]
    }

    @Test
    void childAdministrationFailsWithOtpsErrorReasons() {
        // tag::admin[]
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.worker("account", Account::new)));
        ChildSpec report = ChildSpec.worker("report", Job::new).withRestart(Restart.TRANSIENT);

        ProcessRef<Object> started = supervisor.startChild(report);             // added at the end
        assertThatThrownBy(() -> supervisor.startChild(report))
                .isInstanceOfSatisfying(SupervisorException.class, e ->
                        assertThat(e.reason()).isEqualTo(SupervisorException.Reason.ALREADY_STARTED));

        supervisor.terminateChild("report");            // stopped, spec kept
        assertThat(supervisor.whichChildren())
                .extracting(ChildInfo::id, ChildInfo::state)
                .containsExactly(tuple("account", ChildState.RUNNING), tuple("report", ChildState.STOPPED));
        assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(2, 1, 0, 2));   // specs, active, ...
        assertThatThrownBy(() -> supervisor.startChild(report))
                .isInstanceOfSatisfying(SupervisorException.class, e ->
                        assertThat(e.reason()).isEqualTo(SupervisorException.Reason.ALREADY_PRESENT));

        ProcessRef<Object> restarted = supervisor.restartChild("report");
        assertThat(restarted).isSameAs(started);        // the same stable ref
        assertThatThrownBy(() -> supervisor.deleteChild("report"))
                .isInstanceOfSatisfying(SupervisorException.class, e ->
                        assertThat(e.reason()).isEqualTo(SupervisorException.Reason.RUNNING));

        supervisor.terminateChild("report");
        supervisor.deleteChild("report");               // spec gone
        assertThatThrownBy(() -> supervisor.restartChild("report"))
                .isInstanceOfSatisfying(SupervisorException.class, e ->
                        assertThat(e.reason()).isEqualTo(SupervisorException.Reason.NOT_FOUND));
        // end::admin[]
    }

    @Test
    void aDynamicSupervisorStartsChildrenAtRunTimeUpToItsMaximum() {
        // tag::dynamic[]
        DynamicSupervisor accounts = DynamicSupervisor.start(scheduler,
                DynamicSupervisorSpec.defaults().withMaxChildren(2));
        ChildSpec spec = ChildSpec.worker("account", Account::new);

        ProcessRef<Object> alice = accounts.startChild(spec);    // the same spec, many children
        ProcessRef<Object> bob = accounts.startChild(spec);
        assertThatThrownBy(() -> accounts.startChild(spec))
                .isInstanceOfSatisfying(SupervisorException.class, e ->
                        assertThat(e.reason()).isEqualTo(SupervisorException.Reason.MAX_CHILDREN));

        alice.send(new Deposit(3));
        bob.send(new Crash());                          // restarted, one for one
        accounts.terminateChild(alice);                 // by ref: stopped and forgotten

        assertThat(accounts.whichChildren()).extracting(ChildInfo::ref).containsExactly(bob);
        assertThat(alice.isAlive()).isFalse();
        await().atMost(5, SECONDS).until(bob::isAlive);
        // end::dynamic[]
    }

    @Test
    void aDynamicChildNamedThroughARegistryIsFoundByItsKey() {
        // tag::via[]
        Registry<String> carts = Registry.unique(scheduler);
        DynamicSupervisor cartSupervisor = DynamicSupervisor.start(scheduler, DynamicSupervisorSpec.defaults());

        cartSupervisor.startChild(ChildSpec.worker("cart", Account::new).withName(carts.via("alice")));
        cartSupervisor.startChild(ChildSpec.worker("cart", Account::new).withName(carts.via("bob")));

        ProcessRef<?> alice = carts.whereis("alice").orElseThrow();    // {:via, Registry, {carts, "alice"}}
        alice.send(new Deposit(4));
        int balance = alice.call(new Balance());
        assertThat(balance).isEqualTo(4);
        assertThat(carts.whereis("carol")).isEmpty();
        // end::via[]
    }

    @Test
    void aDynamicSupervisorStopsItsChildrenInParallel() throws Exception {
        // tag::parallel[]
        CountDownLatch closing = new CountDownLatch(3);
        BlockingQueue<Boolean> closedTogether = new LinkedBlockingQueue<>();
        DynamicSupervisor connections = DynamicSupervisor.start(scheduler, DynamicSupervisorSpec.defaults());
        for (int i = 0; i < 3; i++) {
            connections.startChild(ChildSpec.worker("connection", () -> new Connection(closing, closedTogether)));
        }

        connections.stop();                             // each @Terminate waits until all three run

        assertThat(closedTogether).containsExactly(true, true, true);
        // end::parallel[]
    }

    @Test
    void closingTheSchedulerStopsATreeThroughItsSupervisors() throws Exception {
        // tag::close[]
        Scheduler scheduler = Scheduler.create();
        BlockingQueue<String> log = new LinkedBlockingQueue<>();
        Supervisor root = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.worker("database", () -> new Worker("database", log)),
                ChildSpec.supervisor("frontend", SupervisorSpec.oneForOne(
                        ChildSpec.worker("cache", () -> new Worker("cache", log)),
                        ChildSpec.worker("web", () -> new Worker("web", log))))));
        assertThat(next(log, 3)).containsExactly("start database", "start cache", "start web");

        scheduler.close();                              // the roots first, like init:stop()

        assertThat(next(log, 3)).containsExactly("stop web", "stop cache", "stop database");
        assertThat(root.ref().termination().get(5, SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        // end::close[]
    }
}
