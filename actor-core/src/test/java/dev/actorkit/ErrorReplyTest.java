package dev.actorkit;

import static dev.actorkit.Await.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.Strategy;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Error replies, OTP's {@code {reply, {error, Reason}, State}}: the caller gets an
 * {@link ErrorReplyException} with the reason, and the process goes on as if it had replied.
 */
@Timeout(30)
class ErrorReplyTest {

    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final List<String> crashes = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(SchedulerConfig.defaults().withObserver(
            new ProcessObserver() {
                @Override
                public void processCrashed(ObservedProcess process, @Nullable Class<?> messageType, Throwable failure) {
                    crashes.add(String.valueOf(messageType));
                }
            }), Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    record Withdraw(long amount) { }
    record Balance() { }
    record Insufficient(long balance) { }
    record Later(long amount) { }
    record Relay(long amount) { }

    @Process
    static class Account {
        private long balance = 10;

        @Receive
        long on(Withdraw withdraw) {
            if (withdraw.amount() > balance) {
                throw new ErrorReplyException(new Insufficient(balance));
            }
            balance -= withdraw.amount();
            return balance;
        }

        @Receive
        long on(Balance balance) {
            return this.balance;
        }

        @Receive
        void on(Later later, Reply<Long> reply) {
            if (later.amount() > balance) {
                reply.replyError(new Insufficient(balance));
            } else {
                reply.reply(balance -= later.amount());
            }
        }
    }

    @Process
    static class Front {
        private final ProcessRef<Account> account;

        Front(ProcessRef<Account> account) {
            this.account = account;
        }

        @Receive
        long on(Relay relay) {
            return account.call(new Withdraw(relay.amount()));     // an error reply passes up, uncaught
        }
    }

    @Test
    void theCallerGetsTheReasonAndTheProcessKeepsItsStateWithoutACrash() {
        ProcessRef<Account> account = scheduler.spawn(Account::new);
        scheduler.onDeadLetter(deadLetters::add);

        assertThatThrownBy(() -> account.call(new Withdraw(50)))
                .isInstanceOfSatisfying(ErrorReplyException.class, e -> {
                    assertThat(e.reason()).isEqualTo(new Insufficient(10));
                    assertThat(e.reason(Insufficient.class)).contains(new Insufficient(10));
                    assertThat(e).hasMessageContaining(Withdraw.class.getName()).hasMessageContaining("Insufficient[balance=10]");
                });

        assertThat(account.<Long>call(new Withdraw(3))).isEqualTo(7);
        assertThat(account.isAlive()).isTrue();
        assertThat(deadLetters).isEmpty();
        assertThat(crashes).isEmpty();
    }

    @Test
    void askCompletesExceptionallyWithTheErrorReply() {
        ProcessRef<Account> account = scheduler.spawn(Account::new);

        assertThatThrownBy(() -> account.ask(new Withdraw(50), WAIT).get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ErrorReplyException.class,
                        e -> assertThat(e.reason()).isEqualTo(new Insufficient(10)));
    }

    @Test
    void aHandlerWithADeferredReplyAnswersWithAnErrorThroughItsReply() {
        ProcessRef<Account> account = scheduler.spawn(Account::new);

        assertThatThrownBy(() -> account.call(new Later(11)))
                .isInstanceOfSatisfying(ErrorReplyException.class, e -> assertThat(e.reason()).isEqualTo(new Insufficient(10)));
        assertThat(account.<Long>call(new Later(10))).isZero();
    }

    @Test
    void anErrorReplyFromANestedCallAnswersTheOuterCallAndNeitherProcessCrashes() {
        ProcessRef<Account> account = scheduler.spawn(Account::new);
        ProcessRef<Front> front = scheduler.spawn(() -> new Front(account));

        assertThatThrownBy(() -> front.call(new Relay(50)))
                .isInstanceOfSatisfying(ErrorReplyException.class, e -> assertThat(e.reason()).isEqualTo(new Insufficient(10)));
        assertThat(front.isAlive()).isTrue();
        assertThat(account.isAlive()).isTrue();
        assertThat(crashes).isEmpty();
    }

    @Test
    void aSupervisedChildThatAnswersWithAnErrorIsNotRestarted() {
        Supervisor supervisor = Supervisor.start(scheduler, new SupervisorSpec(Strategy.ONE_FOR_ONE, 0, Duration.ofSeconds(5),
                List.of(ChildSpec.worker("account", Account::new))));
        ProcessRef<Account> account = supervisor.<Account>child("account").orElseThrow();
        Pid before = account.pid();

        assertThatThrownBy(() -> account.call(new Withdraw(50))).isInstanceOf(ErrorReplyException.class);

        assertThat(account.<Long>call(new Balance())).isEqualTo(10);
        assertThat(account.pid()).isEqualTo(before);
        assertThat(supervisor.ref().isAlive()).isTrue();
    }

    @Test
    void thrownForAMessageThatCameBySendItCrashesTheProcessLikeAnyException() throws Exception {
        ProcessRef<Account> account = scheduler.spawn(Account::new);

        account.send(new Withdraw(50));

        assertThat(account.termination().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(ExitReason.Error.class);
    }

    @Test
    void aBlockingStyleProcessAnswersACallWithAnErrorAndOnlyTheFirstAnswerCounts() throws Exception {
        CompletableFuture<String> answers = new CompletableFuture<>();
        ProcessRef<Object> server = scheduler.spawn(ctx -> {
            if (ctx.receive() instanceof Call call) {
                boolean first = call.replyError("no");
                boolean second = call.reply("yes");
                answers.complete(first + " " + second);
            }
        });

        assertThatThrownBy(() -> server.call("question"))
                .isInstanceOfSatisfying(ErrorReplyException.class, e -> assertThat(e.reason()).isEqualTo("no"));
        assertThat(answers.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("true false");
    }
}
