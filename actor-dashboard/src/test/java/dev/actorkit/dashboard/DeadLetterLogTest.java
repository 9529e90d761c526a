package dev.actorkit.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.DeadLetter;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.dashboard.DashboardModel.DeadLetterBatch;
import dev.actorkit.dashboard.DashboardModel.DeadLetterRow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The recent dead letters and crashes, kept cheaply and handed to pages at a bounded rate. */
class DeadLetterLogTest {

    private final Scheduler scheduler = Scheduler.create();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DeadLetterLog log = new DeadLetterLog(now::get);
    private final ProcessRef<Object> recipient = scheduler.spawn(ctx -> ctx.receive());

    @AfterEach
    void close() {
        scheduler.close(Duration.ofSeconds(1));
    }

    private void letters(int count) {
        for (int i = 0; i < count; i++) {
            log.accept(new DeadLetter(recipient, "letter " + i, DeadLetter.Cause.NO_PROCESS));
        }
    }

    @Test
    void aPageGetsAtMostItsLimitOfTheNewestLettersAndLearnsHowManyItMissed() {
        DeadLetterBatch first = log.after(-1, 5);
        letters(12);

        DeadLetterBatch batch = log.after(first.total(), 5);

        assertThat(batch.letters()).extracting(DeadLetterRow::sequence).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(batch.skipped()).isEqualTo(7);
        assertThat(batch.total()).isEqualTo(12);
        assertThat(log.after(batch.total(), 5).letters()).isEmpty();
    }

    @Test
    void aNewPageGetsTheLatestLettersWithoutCountingOlderOnesAsMissed() {
        letters(3);

        DeadLetterBatch batch = log.after(-1, 20);

        assertThat(batch.letters()).hasSize(3);
        assertThat(batch.skipped()).isZero();
        assertThat(batch.letters().getFirst().messageType()).isEqualTo("java.lang.String");
        assertThat(batch.letters().getFirst().recipientPid()).isEqualTo(recipient.pid().toString());
    }

    @Test
    void pastAThousandASecondLettersAreCountedButNotKept() {
        letters(DeadLetterLog.KEPT_PER_SECOND + 500);
        assertThat(log.sequence()).isEqualTo(DeadLetterLog.KEPT_PER_SECOND + 500);
        assertThat(log.after(-1, 500).letters().getLast().sequence()).isEqualTo(DeadLetterLog.KEPT_PER_SECOND);

        now.addAndGet(1000);
        letters(1);

        assertThat(log.after(-1, 1).letters().getLast().sequence()).isEqualTo(DeadLetterLog.KEPT_PER_SECOND + 501);
    }

    @Test
    void aCrashKeepsTheFailuresTypeAndFramesButNotItsMessage() {
        IllegalStateException failure = new IllegalStateException("card 4111-1111", new ArithmeticException("secret"));

        log.accept(new DeadLetter(recipient, "the request", DeadLetter.Cause.CRASHED, failure));

        List<DashboardModel.Crash> crashes = log.crashesOf(List.of(recipient.pid().toString()), null);
        assertThat(crashes).singleElement().satisfies(crash -> {
            assertThat(crash.failure()).isEqualTo("java.lang.IllegalStateException");
            assertThat(crash.stack()).first().asString().startsWith("at dev.actorkit.dashboard.DeadLetterLogTest");
            assertThat(crash.stack()).contains("caused by java.lang.ArithmeticException");
            assertThat(String.join("\n", crash.stack())).doesNotContain("4111").doesNotContain("secret");
        });
    }
}
