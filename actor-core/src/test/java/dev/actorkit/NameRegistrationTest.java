package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Erlang's register/2, whereis/1, unregister/1, registered/0 and {@code Name ! Msg}. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NameRegistrationTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    /** A process that waits for messages until it is stopped. */
    private ProcessRef<Object> idle() {
        return scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });
    }

    @Test
    void whereisFindsTheProcessRegisteredUnderAName() {
        ProcessRef<Object> kv = idle();

        scheduler.register("kv", kv);

        assertThat(scheduler.whereis("kv")).contains(kv);
        assertThat(scheduler.registered()).containsExactly("kv");
    }

    @Test
    void whereisOfAnUnknownNameIsEmpty() {
        assertThat(scheduler.whereis("nobody")).isEmpty();
        assertThat(scheduler.registered()).isEmpty();
    }

    @Test
    void unregisterRemovesTheNameButNotTheProcess() {
        ProcessRef<Object> kv = idle();
        scheduler.register("kv", kv);

        assertThat(scheduler.unregister("kv")).isTrue();

        assertThat(scheduler.whereis("kv")).isEmpty();
        assertThat(scheduler.registered()).doesNotContain("kv");
        assertThat(kv.isAlive()).isTrue();
    }

    @Test
    void unregisterOfAnUnknownNameReturnsFalse() {
        assertThat(scheduler.unregister("nobody")).isFalse();
    }

    @Test
    void sendByNameDeliversToTheRegisteredProcess() {
        Inbox inbox = Inbox.create(scheduler);
        scheduler.register("inbox", inbox.ref());

        scheduler.send("inbox", "hello");

        assertThat(inbox.next()).isEqualTo("hello");
    }

    @Test
    void registeringATakenNameThrowsNameTakenExceptionNamingTheHolder() {
        ProcessRef<Object> holder = idle();
        ProcessRef<Object> other = idle();
        scheduler.register("kv", holder);

        assertThatThrownBy(() -> scheduler.register("kv", other))
                .isInstanceOfSatisfying(NameTakenException.class, e -> {
                    assertThat(e.holder()).isEqualTo(holder);
                    assertThat(e.getMessage()).contains("kv").contains(holder.pid().toString());
                });
        assertThat(scheduler.whereis("kv")).contains(holder);
    }

    @Test
    void registeringADeadProcessThrowsNoProcessException() throws Exception {
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        dead.termination().get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThatThrownBy(() -> scheduler.register("ghost", dead)).isInstanceOf(NoProcessException.class);
        assertThat(scheduler.whereis("ghost")).isEmpty();
    }

    @Test
    void sendingToAnUnknownNameThrowsNoProcessException() {
        assertThatThrownBy(() -> scheduler.send("nobody", "hello"))
                .isInstanceOf(NoProcessException.class)
                .hasMessageContaining("nobody");
    }

    @Test
    void aProcessThatAlreadyHasANameCannotTakeASecondOne() {
        ProcessRef<Object> kv = idle();
        scheduler.register("kv", kv);

        assertThatThrownBy(() -> scheduler.register("store", kv))
                .isInstanceOfSatisfying(NameTakenException.class, e -> assertThat(e.holder()).isEqualTo(kv));
        assertThat(scheduler.whereis("store")).isEmpty();
        assertThat(scheduler.whereis("kv")).contains(kv);
    }

    @Test
    void aBlankNameIsRejected() {
        ProcessRef<Object> kv = idle();

        assertThatThrownBy(() -> scheduler.register(" ", kv)).isInstanceOf(IllegalArgumentException.class);
        assertThat(scheduler.registered()).isEmpty();
    }

    @Test
    void theNameIsReleasedWhenTheProcessExitsAndCanBeReused() {
        ProcessRef<Object> first = idle();
        scheduler.register("kv", first);

        scheduler.exit(first, ExitReason.KILL);

        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.whereis("kv").isEmpty());
        assertThat(scheduler.registered()).doesNotContain("kv");
        ProcessRef<Object> second = idle();
        scheduler.register("kv", second);
        assertThat(scheduler.whereis("kv")).contains(second);
    }

    @Test
    void theNameIsReleasedWhenTheProcessReturnsNormally() {
        ProcessRef<Object> worker = scheduler.spawn(ctx -> {
            ctx.receive(); // "stop"
        });
        scheduler.register("worker", worker);

        scheduler.send("worker", "stop");

        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.whereis("worker").isEmpty());
        assertThatThrownBy(() -> scheduler.send("worker", "again")).isInstanceOf(NoProcessException.class);
    }
}
