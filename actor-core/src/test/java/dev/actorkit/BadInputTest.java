package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Misuse fails fast with an exception that says what is wrong; it never hangs. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BadInputTest {

    private static final Duration NEGATIVE = Duration.ofMillis(-1);

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    private ProcessRef<Object> idle() {
        return scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });
    }

    /** Runs {@code action} inside a process and returns what it threw (or an AssertionError if nothing). */
    private Throwable thrownInProcess(ProcessBody action) throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            try {
                action.run(ctx);
                thrown.complete(new AssertionError("nothing was thrown"));
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        return thrown.get(5, TimeUnit.SECONDS);
    }

    // ---- null arguments ----

    @Test
    void spawnWithANullBodyThrowsNullPointerExceptionNamingTheParameter() {
        assertThatThrownBy(() -> scheduler.spawn((ProcessBody) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("body");
    }

    @Test
    void sendingNullThrowsNullPointerExceptionNamingTheParameter() {
        ProcessRef<Object> process = idle();

        assertThatThrownBy(() -> process.send(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("message");
    }

    @Test
    void sendingNullByNameThrowsNullPointerExceptionNamingTheParameter() {
        scheduler.register("p", idle());

        assertThatThrownBy(() -> scheduler.send("p", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("message");
    }

    @Test
    void registeringANullNameThrowsNullPointerExceptionNamingTheParameter() {
        ProcessRef<Object> process = idle();

        assertThatThrownBy(() -> scheduler.register(null, process))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
    }

    @Test
    void registeringANullRefThrowsNullPointerExceptionNamingTheParameter() {
        assertThatThrownBy(() -> scheduler.register("p", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ref");
    }

    @Test
    void callingWithANullRequestThrowsNullPointerExceptionNamingTheParameter() {
        ProcessRef<Object> process = idle();

        assertThatThrownBy(() -> process.call(null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("request");
    }

    // ---- negative timeouts ----

    @Test
    void aNegativeReceiveTimeoutThrowsIllegalArgumentException() throws Exception {
        Throwable thrown = thrownInProcess(ctx -> ctx.receive(NEGATIVE));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }

    @Test
    void aNegativeSelectiveReceiveTimeoutThrowsIllegalArgumentException() throws Exception {
        Throwable byType = thrownInProcess(ctx -> ctx.receive(String.class, NEGATIVE));
        Throwable byMatcher = thrownInProcess(ctx -> ctx.receive(m -> true, NEGATIVE));

        assertThat(byType).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
        assertThat(byMatcher).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }

    @Test
    void aNegativeSendAfterDelayThrowsIllegalArgumentException() {
        ProcessRef<Object> process = idle();

        assertThatThrownBy(() -> scheduler.sendAfter(process, "tick", NEGATIVE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void aNegativeSendAfterDelayInsideAProcessThrowsIllegalArgumentException() throws Exception {
        Throwable thrown = thrownInProcess(ctx -> ctx.sendAfter("tick", NEGATIVE));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }

    @Test
    void aNegativeCallTimeoutThrowsIllegalArgumentException() {
        ProcessRef<Object> process = idle();

        assertThatThrownBy(() -> process.call("ping", NEGATIVE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void aNegativeAskTimeoutThrowsIllegalArgumentException() {
        ProcessRef<Object> process = idle();

        ThrowingCallable ask = () -> process.ask("ping", NEGATIVE).get(5, TimeUnit.SECONDS);

        assertThatThrownBy(ask).satisfiesAnyOf(
                e -> assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative"),
                e -> assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative"));
    }

    // ---- contexts ----

    @Test
    void currentOutsideAProcessThrowsNotInProcessExceptionExplainingWhereToCallIt() {
        assertThatThrownBy(ProcessContext::current)
                .isInstanceOf(NotInProcessException.class)
                .hasMessageMatching("(?is).*\\b(in|inside|within|from)\\b.*\\bprocess\\b.*");
    }

    @Test
    void currentInsideAProcessIsThatProcessesContext() throws Exception {
        CompletableFuture<ProcessRef<Object>> self = new CompletableFuture<>();
        ProcessRef<Object> process = scheduler.spawn(ctx -> self.complete(ProcessContext.current().self()));

        assertThat(self.get(5, TimeUnit.SECONDS)).isEqualTo(process);
    }

    @Test
    void usingAProcessContextFromAnotherThreadThrowsIllegalStateException() throws Exception {
        CompletableFuture<ProcessContext> leaked = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            leaked.complete(ctx);
            while (true) {
                ctx.receive();
            }
        });
        ProcessContext foreign = leaked.get(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> foreign.receive(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> foreign.trapExits(true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(foreign::flush).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void usingAProcessContextFromAnotherProcessThrowsIllegalStateException() throws Exception {
        CompletableFuture<ProcessContext> leaked = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            leaked.complete(ctx);
            while (true) {
                ctx.receive();
            }
        });
        ProcessContext foreign = leaked.get(5, TimeUnit.SECONDS);

        Throwable thrown = thrownInProcess(ctx -> foreign.receive(Duration.ZERO));

        assertThat(thrown).isInstanceOf(IllegalStateException.class);
    }

    // ---- configuration ----

    @Test
    void aNegativeParallelismIsRejected() {
        assertThatThrownBy(() -> SchedulerConfig.defaults().withParallelism(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism");
    }

    @Test
    void aZeroThroughputIsRejected() {
        assertThatThrownBy(() -> SchedulerConfig.defaults().withThroughput(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("throughput");
    }

    @Test
    void aZeroCallTimeoutIsRejected() {
        assertThatThrownBy(() -> SchedulerConfig.defaults().withCallTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callTimeout");
    }

    @Test
    void aNullConfigIsRejected() {
        assertThatThrownBy(() -> Scheduler.create(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("config");
    }

    @Test
    void aBadCallIsNotFatalToTheCaller() {
        ProcessRef<Object> echo = scheduler.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Call call) {
                    call.reply(call.request());
                }
            }
        });

        assertThatThrownBy(() -> echo.call("ping", NEGATIVE)).isInstanceOf(IllegalArgumentException.class);

        assertThat(echo.<String>call("ping", Duration.ofSeconds(5))).isEqualTo("ping");
    }
}
