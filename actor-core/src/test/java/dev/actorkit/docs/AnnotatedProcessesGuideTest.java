package dev.actorkit.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.DeadLetter;
import dev.actorkit.Down;
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.InvalidProcessClassException;
import dev.actorkit.MonitorRef;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.ProcessStartException;
import dev.actorkit.Reply;
import dev.actorkit.Scheduler;
import dev.actorkit.SchedulerConfig;
import dev.actorkit.UnhandledMessageException;
// tag::imports[]
import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;                 // by name, or it is java.lang.Process
import dev.actorkit.annotation.Receive;
import dev.actorkit.annotation.Terminate;
// end::imports[]
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/annotated-processes.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // the dead-letter subscription is held open by try-with-resources
class AnnotatedProcessesGuideTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    // tag::counter[]
    record Increment(int by) { }
    record Get() { }

    @Process
    class Counter {
        private int count;                              // private state: no lock, no volatile

        @Receive
        void on(Increment increment) {                  // handle_cast: nothing to return
            count += increment.by();
        }

        @Receive
        int on(Get get) {                               // handle_call: the return value is the reply
            return count;
        }
    }
    // end::counter[]

    // tag::dispatch-class[]
    sealed interface Shape permits Circle, Square { }
    record Circle(double radius) implements Shape { }
    record Square(double side) implements Shape { }

    @Process
    class Describer {
        @Receive
        String on(Circle circle) {                      // the most specific type wins
            return "a circle";
        }

        @Receive
        String on(Shape shape) {                        // every other Shape
            return "some shape";
        }

        @Receive
        String on(Object other) {                       // the catch-all: everything else
            return "not a shape: " + other;
        }
    }
    // end::dispatch-class[]

    // tag::reply-class[]
    record Put(String job) { }
    record Take() { }

    @Process
    class JobQueue {
        private final Deque<String> jobs = new ArrayDeque<>();
        private final Deque<Reply<String>> takers = new ArrayDeque<>();

        @Receive
        void on(Take take, Reply<String> reply) {       // {noreply, State}: answer later
            String job = jobs.poll();
            if (job != null) {
                reply.reply(job);
            } else {
                takers.add(reply);                      // keep the caller waiting, not the process
            }
        }

        @Receive
        void on(Put put) {
            while (!takers.isEmpty()) {
                if (takers.poll().reply(put.job())) {   // gen_server:reply(From, Job)
                    return;                             // false: that caller gave up, try the next
                }
            }
            jobs.add(put.job());
        }
    }
    // end::reply-class[]

    // tag::init-class[]
    record Lookup(String key) { }

    @Process
    class Settings {
        private final Map<String, String> values = new HashMap<>();

        @Init
        void load() {                                   // init/1: in the process, before any message
            values.put("greeting", "hello");            // e.g. read a file or a table
        }

        @Receive
        String on(Lookup lookup) {
            return values.get(lookup.key());
        }
    }

    @Process
    class Unreachable {
        @Init
        void connect() {
            throw new IllegalStateException("database unreachable");
        }

        @Receive
        void on(Object message) { }
    }
    // end::init-class[]

    // tag::terminate-class[]
    record Quit(ExitReason reason) { }
    record Fail() { }

    @Process
    class Session {
        private final BlockingQueue<ExitReason> log;   // where the example looks

        Session(BlockingQueue<ExitReason> log) {
            this.log = log;
        }

        @Receive
        void on(Quit quit, ProcessContext ctx) {
            ctx.exit(quit.reason());                    // {stop, Reason, State}
        }

        @Receive
        void on(Fail fail) {
            throw new IllegalStateException("connection lost");
        }

        @Terminate
        void terminate(ExitReason reason) {             // terminate/2
            log.add(reason);
        }
    }
    // end::terminate-class[]

    // tag::trap-class[]
    record Link(ProcessRef<?> other) { }
    record Watch(ProcessRef<?> other) { }

    @Process(trapExits = true)
    class Guardian {
        private final BlockingQueue<Object> seen;       // where the example looks

        Guardian(BlockingQueue<Object> seen) {
            this.seen = seen;
        }

        @Receive
        void on(Link link, ProcessContext ctx) {
            ctx.link(link.other());
        }

        @Receive
        MonitorRef on(Watch watch, ProcessContext ctx) {
            return ctx.monitor(watch.other());
        }

        @Receive
        void on(Exit exit) {                            // {'EXIT', From, Reason}
            seen.add(exit);
        }

        @Receive
        void on(Down down) {                            // {'DOWN', Ref, process, Pid, Reason}
            seen.add(down);
        }

        @Terminate
        void terminate(ExitReason reason) {
            seen.add(reason);
        }
    }
    // end::trap-class[]

    // tag::blocking-class[]
    record Generate(CountDownLatch database) { }       // the latch stands for a slow JDBC query

    @Process(blocking = true)                           // handlers run on virtual threads
    class ReportGenerator {
        @Receive
        String on(Generate generate) throws InterruptedException {
            generate.database().await();                // blocking is fine here
            return "report";
        }
    }

    @Process                                            // handlers run on the scheduler's pool
    class HoggingReportGenerator {
        @Receive
        String on(Generate generate) throws InterruptedException {
            generate.database().await();                // holds a pool thread: reported
            return "report";
        }
    }
    // end::blocking-class[]

    // tag::invalid-class[]
    @Process
    class Broken {
        @Receive
        private void on(String text) { }                // private: the runtime does not call it
    }
    // end::invalid-class[]

    @Test
    void aCounterKeepsItsStateInFieldsAndRepliesWithTheReturnValue() {
        // tag::spawn[]
        ProcessRef<Counter> counter = scheduler.spawn(Counter::new);   // a fresh instance per process

        counter.send(new Increment(2));                 // gen_server:cast
        counter.send(new Increment(3));
        int count = counter.call(new Get());            // gen_server:call

        assertThat(count).isEqualTo(5);
        // end::spawn[]
    }

    @Test
    void theHandlerIsChosenByTheRuntimeTypeOfTheMessage() {
        // tag::dispatch[]
        ProcessRef<Describer> describer = scheduler.spawn(Describer::new);

        String circle = describer.call(new Circle(1));
        String square = describer.call(new Square(2));
        String number = describer.call(42);

        assertThat(circle).isEqualTo("a circle");
        assertThat(square).isEqualTo("some shape");
        assertThat(number).isEqualTo("not a shape: 42");
        // end::dispatch[]
    }

    @Test
    void aHandlerTakingAReplyAnswersTheCallWhileHandlingALaterMessage() throws Exception {
        // tag::reply[]
        ProcessRef<JobQueue> queue = scheduler.spawn(JobQueue::new);

        CompletableFuture<String> job = queue.ask(new Take(), Duration.ofSeconds(5));  // nothing queued yet
        assertThat(job).isNotDone();
        queue.send(new Put("resize images"));

        assertThat(job.get(5, SECONDS)).isEqualTo("resize images");
        // end::reply[]
    }

    @Test
    void initRunsInsideTheProcessBeforeTheFirstMessageAndItsFailureFailsTheSpawn() {
        // tag::init[]
        ProcessRef<Settings> settings = scheduler.spawn(Settings::new);   // returns once load() ran
        String greeting = settings.call(new Lookup("greeting"));

        assertThat(greeting).isEqualTo("hello");
        assertThatThrownBy(() -> scheduler.spawn(Unreachable::new))
                .isInstanceOf(ProcessStartException.class)
                .cause().hasMessage("database unreachable");
        // end::init[]
    }

    @Test
    void terminateRunsWhenTheProcessStopsByItsOwnDoingButNotWhenItIsKilledFromOutside() throws Exception {
        // tag::terminate[]
        BlockingQueue<ExitReason> terminated = new LinkedBlockingQueue<>();

        ProcessRef<Session> quitting = scheduler.spawn(() -> new Session(terminated));
        quitting.send(new Quit(ExitReason.shutdown("logout")));
        assertThat(terminated.poll(5, SECONDS)).isEqualTo(ExitReason.shutdown("logout"));

        ProcessRef<Session> crashing = scheduler.spawn(() -> new Session(terminated));
        crashing.send(new Fail());
        assertThat(terminated.poll(5, SECONDS)).isInstanceOf(ExitReason.Error.class);

        ProcessRef<Session> killed = scheduler.spawn(() -> new Session(terminated));
        scheduler.exit(killed, ExitReason.of("bye"));   // not trapping exits: it just dies
        assertThat(killed.termination().get(5, SECONDS)).isEqualTo(ExitReason.of("bye"));
        assertThat(terminated).isEmpty();
        // end::terminate[]
    }

    @Test
    void aTrappingProcessGetsTheExitOfALinkedProcessAsAMessageAndStopsOnItsParentsExit() throws Exception {
        // tag::trap[]
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        ProcessRef<Guardian> guardian = scheduler.spawn(() -> new Guardian(seen));
        ProcessRef<Object> worker = scheduler.spawn(ctx -> {
            ctx.receive();
            throw new IllegalStateException("worker failed");
        });
        guardian.call(new Link(worker));                // a call: linked once it returns

        worker.send("go");

        assertThat(seen.poll(5, SECONDS)).isInstanceOfSatisfying(Exit.class, exit -> {
            assertThat(exit.from()).isEqualTo(worker);
            assertThat(exit.reason()).isInstanceOf(ExitReason.Error.class);
        });
        assertThat(guardian.isAlive()).isTrue();

        scheduler.exit(guardian, ExitReason.SHUTDOWN);  // from its parent: stop, after @Terminate
        assertThat(seen.poll(5, SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(guardian.termination().get(5, SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        // end::trap[]
    }

    @Test
    void aDownHandlerReceivesTheDownOfAMonitoredProcess() throws Exception {
        // tag::down[]
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        ProcessRef<Guardian> guardian = scheduler.spawn(() -> new Guardian(seen));
        ProcessRef<Object> worker = scheduler.spawn(ctx -> {
            ctx.receive();                              // returns: exits NORMAL
        });
        MonitorRef monitor = guardian.call(new Watch(worker));

        worker.send("go");

        assertThat(seen.poll(5, SECONDS)).isEqualTo(new Down(monitor, worker, ExitReason.NORMAL));
        // end::down[]
    }

    @Test
    void aHandlerHoldingAPoolThreadTooLongIsReportedButABlockingProcessIsNot() throws Exception {
        // tag::slow[]
        SchedulerConfig config = SchedulerConfig.defaults()
                .withSlowHandlerThreshold(Duration.ofMillis(100));   // default: 1 s
        try (Scheduler scheduler = Scheduler.create(config)) {
            ProcessRef<ReportGenerator> generator = scheduler.spawn(ReportGenerator::new);
            ProcessRef<HoggingReportGenerator> hog = scheduler.spawn(HoggingReportGenerator::new);
            CountDownLatch database = new CountDownLatch(1);

            CompletableFuture<String> fine = generator.ask(new Generate(database), Duration.ofSeconds(5));
            CompletableFuture<String> slow = hog.ask(new Generate(database), Duration.ofSeconds(5));
            await().atMost(5, SECONDS).until(() -> scheduler.stats().slowHandlers() == 1);
            database.countDown();                       // the query returns

            assertThat(fine.get(5, SECONDS)).isEqualTo("report");
            assertThat(slow.get(5, SECONDS)).isEqualTo("report");
            assertThat(scheduler.stats().slowHandlers()).isEqualTo(1);   // the hog only
        }
        // end::slow[]
    }

    @Test
    void aClassThatBreaksARuleIsRefusedAtSpawnWithAMessageThatSaysHowToFixIt() {
        // tag::invalid[]
        assertThatThrownBy(() -> scheduler.spawn(Broken::new))
                .isInstanceOf(InvalidProcessClassException.class)
                .hasMessageContaining("has a private @Receive method on")
                .hasMessageContaining("Make it package-private, protected or public");
        // end::invalid[]
    }

    @Test
    void aSentMessageNoHandlerAcceptsIsADeadLetterAndACallWithItFailsAtOnce() throws Exception {
        // tag::unhandled[]
        BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();
        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {
            ProcessRef<Counter> counter = scheduler.spawn(Counter::new);

            counter.send("what is this?");              // no handler for String

            assertThat(deadLetters.poll(5, SECONDS))
                    .isEqualTo(new DeadLetter(counter, "what is this?", DeadLetter.Cause.UNHANDLED));
            assertThatThrownBy(() -> counter.call("and this?"))
                    .isInstanceOf(UnhandledMessageException.class);
            assertThat(counter.isAlive()).isTrue();     // unlike a gen_server's function_clause
        }
        // end::unhandled[]
    }

    @Test
    void theInvalidClassMessageNamesTheClassAndTheMethod() {
        assertThatThrownBy(() -> scheduler.spawn(Broken::new))
                .hasMessage("@Process class " + Broken.class.getName() + " has a private @Receive method on; the runtime"
                        + " does not call private methods. Make it package-private, protected or public.");
    }
}
