package dev.actorkit;

import static dev.actorkit.Await.exitReasonOf;
import static dev.actorkit.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.annotation.Terminate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Casts (plain sends), infos (Exit, Down, timers) and stopping of annotation-driven processes:
 * gen_server_SUITE's cast, info, stop and terminate cases, and Elixir's GenServer cast/stop tests.
 */
@Timeout(30)
class GenServerCastInfoTest {

    private static final Duration QUIET = Duration.ofMillis(100);

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    /** What handlers saw, in order. */
    private final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
    /** The reasons @Terminate ran with. */
    private final BlockingQueue<ExitReason> terminated = new LinkedBlockingQueue<>();

    record Item(int n) { }
    record Items() { }
    record Boom(RuntimeException failure) { }
    record Stop(ExitReason reason) { }
    record Unknown(String what) { }
    record LinkTo(ProcessRef<?> other) { }
    record Watch(ProcessRef<?> other) { }
    record Start() { }
    record Tick() { }
    record Ping() { }

    interface Shape { }
    interface Named { }
    record Circle(int r) implements Shape { }
    record Square(int side) implements Shape { }
    record Label(String text) implements Named { }

    /** Keeps the items it is sent; stops or crashes on request; records @Terminate. */
    @Process
    class Server {
        private final List<Integer> items = new ArrayList<>();

        @Receive
        void on(Item m) {
            items.add(m.n());
        }

        @Receive
        List<Integer> on(Items m) {
            return List.copyOf(items);
        }

        @Receive
        void on(Boom m) {
            throw m.failure();
        }

        @Receive
        void on(Stop m, ProcessContext ctx) {
            ctx.exit(m.reason());
        }

        @Receive
        String on(Ping m) {
            return "pong";
        }

        @Terminate
        void terminate(ExitReason reason) {
            terminated.add(reason);
        }
    }

    /** Handlers for a class, an interface it implements, and Object. */
    @Process
    static class Dispatcher {
        @Receive
        String on(Circle m) {
            return "circle";
        }

        @Receive
        String on(Shape m) {
            return "shape";
        }

        @Receive
        String on(Named m) {
            return "named";
        }

        @Receive
        String on(Object m) {
            return "object";
        }
    }

    /** Uses its context: self, link, monitor, timers. */
    @Process
    class ContextUser {
        @Receive
        Object on(Start m, ProcessContext ctx) {
            seen.add(ctx.self());
            seen.add(ProcessContext.current());
            ctx.sendAfter(new Tick(), Duration.ofMillis(10));
            return "started";
        }

        @Receive
        void on(Tick m) {
            seen.add(m);
        }

        @Receive
        String on(LinkTo m, ProcessContext ctx) {
            ctx.link(m.other());
            return "linked";
        }

        @Receive
        MonitorRef on(Watch m, ProcessContext ctx) {
            return ctx.monitor(m.other());
        }

        @Receive
        void on(Down down) {
            seen.add(down);
        }

        @Terminate
        void terminate(ExitReason reason) {
            terminated.add(reason);
        }
    }

    @Process(trapExits = true)
    class Trapper {
        @Receive
        void on(Exit exit) {
            seen.add(exit);
        }

        @Receive
        String on(LinkTo m, ProcessContext ctx) {
            ctx.link(m.other());
            return "linked";
        }

        @Receive
        String on(Ping m) {
            return "pong";
        }

        @Terminate
        void terminate(ExitReason reason) {
            terminated.add(reason);
        }
    }

    private static void assertAlive(ProcessRef<?> process) {
        assertThat(process.isAlive())
                .as("%s alive, but it exited with %s", process, process.termination().getNow(null))
                .isTrue();
    }

    /** A blocking-style process that waits until it is told to end, then returns (NORMAL). */
    private ProcessRef<Object> idle() {
        return scheduler.spawn(ctx -> {
            ctx.receive();
        });
    }

    @Test
    void sentMessagesAreHandledInTheOrderTheyWereSent() {
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            sent.add(i);
            server.send(new Item(i));
        }

        List<Integer> handled = server.call(new Items());

        assertThat(handled).isEqualTo(sent);
    }

    @Test
    void theHandlerForTheMostSpecificTypeOfTheMessageIsChosen() {
        ProcessRef<Dispatcher> dispatcher = scheduler.spawn(Dispatcher::new);

        String circle = dispatcher.call(new Circle(1));
        String square = dispatcher.call(new Square(2));
        String label = dispatcher.call(new Label("x"));

        assertThat(circle).as("class handler over interface handler").isEqualTo("circle");
        assertThat(square).as("interface handler over Object").isEqualTo("shape");
        assertThat(label).isEqualTo("named");
    }

    @Test
    void aHandlerForObjectTakesMessagesNoOtherHandlerAccepts() {
        ProcessRef<Dispatcher> dispatcher = scheduler.spawn(Dispatcher::new);

        String text = dispatcher.call("some string");
        String number = dispatcher.call(42);

        assertThat(text).isEqualTo("object");
        assertThat(number).isEqualTo("object");
    }

    @Test
    void aSentMessageNoHandlerAcceptsBecomesAnUnhandledDeadLetterAndTheProcessKeepsRunning() throws Exception {
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        BlockingQueue<DeadLetter> letters = new LinkedBlockingQueue<>();
        scheduler.onDeadLetter(letters::add); // lives as long as this test's scheduler
        Unknown unknown = new Unknown("?");

        server.send(unknown);

        assertThat(take(letters)).isEqualTo(new DeadLetter(server, unknown, DeadLetter.Cause.UNHANDLED));
        assertThat(server.<String>call(new Ping())).isEqualTo("pong");
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void aSendToADeadAnnotationProcessIsANoProcessDeadLetterAndDoesNotThrow() throws Exception {
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        scheduler.exit(server, ExitReason.KILL);
        exitReasonOf(server);
        BlockingQueue<DeadLetter> letters = new LinkedBlockingQueue<>();
        scheduler.onDeadLetter(letters::add); // lives as long as this test's scheduler
        Item item = new Item(1);

        server.send(item);

        assertThat(take(letters)).isEqualTo(new DeadLetter(server, item, DeadLetter.Cause.NO_PROCESS));
    }

    @Test
    void aHandlerThatThrowsEndsTheProcessWithTheErrorAfterTerminateAndTheMessageIsACrashedDeadLetter() throws Exception {
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        BlockingQueue<DeadLetter> letters = new LinkedBlockingQueue<>();
        scheduler.onDeadLetter(letters::add); // lives as long as this test's scheduler
        IllegalStateException failure = new IllegalStateException("handler failed");
        Boom boom = new Boom(failure);

        server.send(boom);

        assertThat(exitReasonOf(server)).isEqualTo(ExitReason.error(failure));
        assertThat(terminated.poll()).as("@Terminate ran before the exit").isEqualTo(ExitReason.error(failure));
        assertThat(take(letters)).isEqualTo(new DeadLetter(server, boom, DeadLetter.Cause.CRASHED, failure));
    }

    @Test
    void messagesQueuedBehindACrashingMessageBecomeShutdownDeadLetters() throws Exception {
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        BlockingQueue<DeadLetter> letters = new LinkedBlockingQueue<>();
        scheduler.onDeadLetter(letters::add); // lives as long as this test's scheduler
        IllegalStateException failure = new IllegalStateException("handler failed");
        Boom boom = new Boom(failure);
        Item behind = new Item(7);

        server.send(boom);
        server.send(behind);
        exitReasonOf(server);

        assertThat(take(letters)).isEqualTo(new DeadLetter(server, boom, DeadLetter.Cause.CRASHED, failure));
        assertThat(take(letters).message()).isEqualTo(behind);
    }

    @Test
    void exitFromAHandlerStopsTheProcessWithThatReasonAfterTerminate() throws Exception {
        ProcessRef<Server> server = scheduler.spawn(Server::new);
        ExitReason reason = ExitReason.shutdown("done");

        server.send(new Stop(reason));

        assertThat(exitReasonOf(server)).isEqualTo(reason);
        assertThat(terminated.poll()).as("@Terminate ran before the exit").isEqualTo(reason);
    }

    @Test
    void exitNormalFromAHandlerStopsTheProcessNormallyAfterTerminate() throws Exception {
        ProcessRef<Server> server = scheduler.spawn(Server::new);

        server.send(new Stop(ExitReason.NORMAL));

        assertThat(exitReasonOf(server)).isEqualTo(ExitReason.NORMAL);
        assertThat(terminated.poll()).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void aHandlerTakingAProcessContextSeesItsOwnProcessAndItsTimerMessageIsHandled() throws Exception {
        ProcessRef<ContextUser> user = scheduler.spawn(ContextUser::new);

        String started = user.call(new Start());

        assertThat(started).isEqualTo("started");
        assertThat(take(seen)).as("ctx.self()").isEqualTo(user);
        assertThat(take(seen)).as("ProcessContext.current()").isEqualTo(user);
        assertThat(take(seen)).as("the timer message sent to self").isEqualTo(new Tick());
    }

    @Test
    void aProcessLinkedFromAHandlerTakesTheLinkedProcessDownWhenItIsKilled() throws Exception {
        ProcessRef<ContextUser> user = scheduler.spawn(ContextUser::new);
        ProcessRef<Object> partner = idle();
        user.call(new LinkTo(partner));

        scheduler.exit(user, ExitReason.of("bye"));

        assertThat(exitReasonOf(partner)).isEqualTo(ExitReason.of("bye"));
    }

    @Test
    void aDownHandlerReceivesTheDownOfAProcessMonitoredFromAHandler() throws Exception {
        ProcessRef<ContextUser> user = scheduler.spawn(ContextUser::new);
        ProcessRef<Object> watched = idle();
        MonitorRef monitor = user.call(new Watch(watched));

        watched.send("end");

        assertThat(take(seen)).isEqualTo(new Down(monitor, watched, ExitReason.NORMAL));
        assertThat(user.isAlive()).isTrue();
    }

    @Test
    void aTrappingProcessReceivesTheExitOfALinkedProcessAndKeepsRunning() throws Exception {
        ProcessRef<Trapper> trapper = scheduler.spawn(Trapper::new);
        ProcessRef<Object> partner = idle();
        trapper.call(new LinkTo(partner));

        scheduler.exit(partner, ExitReason.of("gone"));
        exitReasonOf(partner); // its links have fired by now

        assertAlive(trapper);
        assertThat(trapper.<String>call(new Ping())).isEqualTo("pong"); // queued behind the Exit
        assertThat(seen.poll()).isEqualTo(new Exit(partner, ExitReason.of("gone")));
        assertThat(terminated).isEmpty();
    }

    @Test
    void aTrappingProcessReceivesTheNormalExitOfALinkedProcess() throws Exception {
        ProcessRef<Trapper> trapper = scheduler.spawn(Trapper::new);
        ProcessRef<Object> partner = idle();
        trapper.call(new LinkTo(partner));

        partner.send("end");
        exitReasonOf(partner); // its links have fired by now

        assertAlive(trapper);
        assertThat(trapper.<String>call(new Ping())).isEqualTo("pong"); // queued behind the Exit
        assertThat(seen.poll()).isEqualTo(new Exit(partner, ExitReason.NORMAL));
    }

    @Test
    void closingTheSchedulerStopsATrappingProcessAfterTerminateWithShutdown() throws Exception {
        ProcessRef<Trapper> trapper = scheduler.spawn(Trapper::new);
        assertThat(trapper.<String>call(new Ping())).isEqualTo("pong");

        scheduler.close(Duration.ofSeconds(2));

        assertThat(exitReasonOf(trapper)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(terminated.poll()).as("@Terminate ran with SHUTDOWN").isEqualTo(ExitReason.SHUTDOWN);
        assertThat(seen).as("the parent's Exit is not handed to the Exit handler").isEmpty();
    }

    @Test
    void anExitFromTheParentStopsATrappingProcessAfterTerminateWithTheParentsReason() throws Exception {
        BlockingQueue<ProcessRef<?>> children = new LinkedBlockingQueue<>();
        ProcessRef<Object> parent = scheduler.spawn(ctx -> {
            children.add(ctx.spawnLink(Trapper::new));
            ctx.receive();
            ctx.exit(ExitReason.of("parent quits"));
        });
        ProcessRef<?> child = take(children);

        parent.send("quit");

        assertThat(exitReasonOf(child)).isEqualTo(ExitReason.of("parent quits"));
        assertThat(terminated.poll()).as("@Terminate ran with the parent's reason").isEqualTo(ExitReason.of("parent quits"));
    }

    @Test
    void aNonTrappingProcessKilledFromOutsideExitsWithoutRunningTerminate() throws Exception {
        ProcessRef<Server> server = scheduler.spawn(Server::new);

        scheduler.exit(server, ExitReason.SHUTDOWN);

        assertThat(exitReasonOf(server)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(terminated.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("@Terminate").isNull();
    }

    @Test
    void exitWithKillEndsEvenATrappingProcessWithKilledWithoutItsHandlers() throws Exception {
        ProcessRef<Trapper> trapper = scheduler.spawn(Trapper::new);

        scheduler.exit(trapper, ExitReason.KILL);

        assertThat(exitReasonOf(trapper)).isEqualTo(ExitReason.KILLED);
        assertThat(seen.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("Exit handed to the handler").isNull();
        assertThat(terminated).as("@Terminate").isEmpty();
    }
}
