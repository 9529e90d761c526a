package dev.actorkit.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

// tag::imports[]
import dev.actorkit.Call;
import dev.actorkit.CallTimeoutException;
import dev.actorkit.CallingSelfException;
import dev.actorkit.ErrorReplyException;
import dev.actorkit.ExitReason;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessExitException;
import dev.actorkit.ProcessRef;
import dev.actorkit.Reply;
import dev.actorkit.Scheduler;
import dev.actorkit.SchedulerConfig;
import dev.actorkit.UnhandledMessageException;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
// end::imports[]
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/calls.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CallsGuideTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100));
    }

    // tag::account[]
    record Deposit(long amount) { }
    record Balance() { }
    record Audit() { }

    @Process
    class Account {
        private long balance;
        private int audits;

        @Receive
        long on(Deposit deposit) {                      // {reply, NewBalance, State}
            balance += deposit.amount();
            return balance;
        }

        @Receive
        long on(Balance request) {
            return balance;
        }

        @Receive
        void on(Audit audit) {                          // void: a call gets null once it ran
            audits++;
        }
    }
    // end::account[]

    // tag::flaky[]
    record Hang() { }
    record Crash() { }
    record Release(String answer) { }

    @Process
    class Flaky {
        private Reply<String> forgotten;

        @Receive
        void on(Hang hang, Reply<String> reply) {       // keeps the Reply, answers nothing: a bug
            forgotten = reply;
        }

        @Receive
        boolean on(Release release) {                   // answers the forgotten call, late
            return forgotten.reply(release.answer());
        }

        @Receive
        String on(Crash crash) {
            throw new IllegalStateException("disk full");
        }
    }
    // end::flaky[]

    // tag::renderer[]
    record Render(String page) { }

    @Process
    class Renderer {
        @Receive
        void on(Render render, Reply<String> reply, ProcessContext ctx) {
            ctx.spawnLink(worker -> reply.reply("<h1>" + render.page() + "</h1>"));   // a worker answers
        }                                               // while the renderer takes the next request
    }
    // end::renderer[]

    // tag::teller[]
    record Pay(long amount) { }

    @Process
    class Teller {
        private final ProcessRef<Account> account;

        Teller(ProcessRef<Account> account) {
            this.account = account;
        }

        @Receive
        String on(Pay pay) {
            long balance = account.call(new Deposit(pay.amount()));   // a call from a handler
            return "paid " + pay.amount() + ", balance " + balance;
        }
    }
    // end::teller[]

    // tag::dashboard[]
    record Refresh() { }
    record BalanceWas(long balance) { }
    record Shown() { }

    @Process
    class Dashboard {
        private final ProcessRef<Account> account;
        private long shown = -1;

        Dashboard(ProcessRef<Account> account) {
            this.account = account;
        }

        @Receive
        void on(Refresh refresh, ProcessContext ctx) {
            ProcessRef<Object> self = ctx.self();
            account.<Long>ask(new Balance(), Duration.ofSeconds(1))
                    .thenAccept(balance -> self.send(new BalanceWas(balance)));  // back as a message
        }

        @Receive
        void on(BalanceWas answer) {                    // state changes here, in the process
            shown = answer.balance();
        }

        @Receive
        long on(Shown request) {
            return shown;
        }
    }
    // end::dashboard[]

    @Test
    void callReturnsWhatTheHandlerReturnsAndNullForAVoidHandler() {
        // tag::call[]
        ProcessRef<Account> account = scheduler.spawn(Account::new);

        account.send(new Deposit(50));                  // a cast
        long balance = account.call(new Deposit(25));   // a call: sees the cast before it
        Object audited = account.call(new Audit(), Duration.ofSeconds(1));

        assertThat(balance).isEqualTo(75);
        assertThat(audited).isNull();                   // returned after the handler ran
        // end::call[]
    }

    @Test
    void askReturnsAFutureOfTheReply() throws Exception {
        // tag::ask[]
        ProcessRef<Account> account = scheduler.spawn(Account::new);

        CompletableFuture<Long> balance = account.ask(new Deposit(10), Duration.ofSeconds(1));
        CompletableFuture<String> text = balance.thenApply(cents -> cents + " cents");

        assertThat(text.get(5, SECONDS)).isEqualTo("10 cents");
        // end::ask[]
    }

    // tag::inventory[]
    record Reserve(String item, int quantity) { }
    record Reserved(String item, int left) { }
    record OutOfStock(String item, int available) { }     // an error reply: part of the protocol

    @Process
    class Inventory {
        private final Map<String, Integer> stock = new HashMap<>(Map.of("milk", 2));

        @Receive
        Reserved on(Reserve reserve) {
            int available = stock.getOrDefault(reserve.item(), 0);
            if (available < reserve.quantity()) {       // {reply, {error, Reason}, State}
                throw new ErrorReplyException(new OutOfStock(reserve.item(), available));
            }
            stock.put(reserve.item(), available - reserve.quantity());
            return new Reserved(reserve.item(), available - reserve.quantity());
        }
    }
    // end::inventory[]

    @Test
    void aHandlerAnswersACallWithAnErrorAndGoesOn() {
        // tag::error-reply[]
        ProcessRef<Inventory> inventory = scheduler.spawn(Inventory::new);

        assertThatThrownBy(() -> inventory.call(new Reserve("milk", 5)))
                .isInstanceOfSatisfying(ErrorReplyException.class, e ->
                        assertThat(e.reason()).isEqualTo(new OutOfStock("milk", 2)));

        Reserved reserved = inventory.call(new Reserve("milk", 1));   // it did not crash: same state
        assertThat(reserved.left()).isEqualTo(1);
        // end::error-reply[]
    }

    @Test
    void aBlockingStyleProcessAnswersACallWithAnError() {
        // tag::blocking-error-reply[]
        ProcessRef<Object> parser = scheduler.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Call call && call.request() instanceof String text) {
                    try {
                        call.reply(Integer.parseInt(text));
                    } catch (NumberFormatException notANumber) {
                        call.replyError("not a number: " + text);
                    }
                }
            }
        });

        assertThatThrownBy(() -> parser.call("forty-two"))
                .isInstanceOf(ErrorReplyException.class)
                .hasMessageEndingWith("was answered with an error: not a number: forty-two");
        assertThat(parser.<Integer>call("42")).isEqualTo(42);
        // end::blocking-error-reply[]
    }

    @Test
    void aBlockingStyleProcessAnswersTheCallMessage() {
        // tag::blocking-style[]
        ProcessRef<Object> greeter = scheduler.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Call call && call.request() instanceof String name) {
                    call.reply("hello, " + name);       // only the first reply counts
                }                                       // any other call: its caller times out
            }
        });

        String greeting = greeter.call("Joe");

        assertThat(greeting).isEqualTo("hello, Joe");
        // end::blocking-style[]
    }

    @Test
    void aRequestNoHandlerAcceptsFailsAtOnceAndACallToADeadProcessFailsWithNoProcess() throws Exception {
        // tag::unhandled[]
        ProcessRef<Account> account = scheduler.spawn(Account::new);

        assertThatThrownBy(() -> account.call("withdraw everything", Duration.ofMinutes(1)))
                .isInstanceOf(UnhandledMessageException.class);   // at once, not after a minute

        scheduler.exit(account, ExitReason.KILL);
        account.termination().get(5, SECONDS);
        assertThatThrownBy(() -> account.call(new Balance()))
                .isInstanceOf(NoProcessException.class);
        // end::unhandled[]
    }

    @Test
    void aCallerGetsProcessExitExceptionWhenTheProcessDiesBeforeReplying() {
        // tag::crash[]
        ProcessRef<Flaky> flaky = scheduler.spawn(Flaky::new);

        assertThatThrownBy(() -> flaky.call(new Crash()))
                .isInstanceOfSatisfying(ProcessExitException.class, e -> {
                    assertThat(e.reason()).isInstanceOf(ExitReason.Error.class);
                    assertThat(e.getCause()).hasMessage("disk full");
                });
        assertThat(flaky.isAlive()).isFalse();          // the caller is not linked: it lives on
        // end::crash[]
    }

    @Test
    void aCallWithoutAReplyInTimeFailsAndTheLateReplyIsDropped() {
        // tag::timeout[]
        ProcessRef<Flaky> flaky = scheduler.spawn(Flaky::new);

        assertThatThrownBy(() -> flaky.call(new Hang(), Duration.ofMillis(100)))
                .isInstanceOf(CallTimeoutException.class)
                .hasMessageContaining("got no reply within PT0.1S");
        boolean delivered = flaky.call(new Release("too late"));

        assertThat(delivered).isFalse();                // nobody waits for it any more
        assertThat(flaky.isAlive()).isTrue();           // a timeout does nothing to the callee
        // end::timeout[]
    }

    @Test
    void theTimeoutMessageNamesTheTargetTheRequestTypeAndTheTimeout() {
        ProcessRef<Flaky> flaky = scheduler.spawn(Flaky::new);

        assertThatThrownBy(() -> flaky.call(new Hang(), Duration.ofMillis(100)))
                .hasMessage("call to " + flaky.pid() + " Flaky with " + Hang.class.getName() + " got no reply within"
                        + " PT0.1S. Check that the process's handler for Hang replies (a blocking-style process must"
                        + " answer the Call with reply(...)), or raise the timeout.");
    }

    @Test
    void aProcessThatCallsItselfGetsCallingSelfException() throws Exception {
        // tag::self[]
        CompletableFuture<Exception> failure = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            try {
                ctx.self().call("hello?");              // could only time out
            } catch (CallingSelfException e) {
                failure.complete(e);
            }
        });

        assertThat(failure.get(5, SECONDS)).hasMessageContaining("called itself with java.lang.String");
        // end::self[]
    }

    @Test
    void aHandlerCanLeaveTheReplyToAnotherProcess() {
        // tag::deferred[]
        ProcessRef<Renderer> renderer = scheduler.spawn(Renderer::new);

        String html = renderer.call(new Render("home"));

        assertThat(html).isEqualTo("<h1>home</h1>");
        // end::deferred[]
    }

    @Test
    void callWithoutATimeoutWaitsTheConfiguredCallTimeout() {
        // tag::default-timeout[]
        SchedulerConfig config = SchedulerConfig.defaults()
                .withCallTimeout(Duration.ofMillis(200));       // default: 5 s
        try (Scheduler scheduler = Scheduler.create(config)) {
            ProcessRef<Flaky> flaky = scheduler.spawn(Flaky::new);

            assertThatThrownBy(() -> flaky.call(new Hang()))
                    .isInstanceOf(CallTimeoutException.class)
                    .hasMessageContaining("within PT0.2S");
        }
        // end::default-timeout[]
    }

    @Test
    void aHandlerCanCallAnotherProcessEvenWithASinglePoolThread() {
        // tag::nested[]
        SchedulerConfig config = SchedulerConfig.defaults().withParallelism(1);   // one pool thread
        try (Scheduler scheduler = Scheduler.create(config)) {
            ProcessRef<Account> account = scheduler.spawn(Account::new);
            ProcessRef<Teller> teller = scheduler.spawn(() -> new Teller(account));

            String receipt = teller.call(new Pay(30));

            assertThat(receipt).isEqualTo("paid 30, balance 30");
        }
        // end::nested[]
    }

    @Test
    void aHandlerThatAsksGetsTheReplyBackAsAMessage() {
        // tag::pipe[]
        ProcessRef<Account> account = scheduler.spawn(Account::new);
        ProcessRef<Dashboard> dashboard = scheduler.spawn(() -> new Dashboard(account));
        account.send(new Deposit(40));

        dashboard.send(new Refresh());                  // returns at once; the answer comes later

        await().atMost(5, SECONDS).until(() -> dashboard.<Long>call(new Shown()) == 40);
        // end::pipe[]
    }

    @Test
    void askFailsWithTheExceptionsOfCallAsTheCauseOfTheFuturesFailure() {
        ProcessRef<Flaky> flaky = scheduler.spawn(Flaky::new);

        CompletableFuture<String> reply = flaky.ask(new Hang(), Duration.ofMillis(100));

        assertThat(reply).failsWithin(5, SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(CallTimeoutException.class);
    }
}
