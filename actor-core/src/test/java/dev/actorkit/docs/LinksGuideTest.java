package dev.actorkit.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

// tag::imports[]
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
// end::imports[]
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/links.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LinksGuideTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    @Test
    void aCrashTravelsAlongTheLink() throws Exception {
        // tag::crash[]
        ProcessRef<Object> parent = scheduler.spawn(ctx -> {
            ctx.spawnLink(child -> {
                throw new IllegalStateException("child crashed");
            });
            while (true) {
                ctx.receive();                                  // dies with the child's reason
            }
        });

        ExitReason reason = parent.termination().get(5, SECONDS);

        assertThat(reason).isInstanceOfSatisfying(ExitReason.Error.class,
                error -> assertThat(error.cause()).hasMessage("child crashed"));
        // end::crash[]
    }

    @Test
    void aNormalExitDoesNotTakeALinkedProcessDown() throws Exception {
        // tag::normal[]
        CompletableFuture<ProcessRef<Object>> child = new CompletableFuture<>();
        ProcessRef<Object> parent = scheduler.spawn(ctx -> {
            child.complete(ctx.spawnLink(done -> { }));         // returns at once: NORMAL
            while (true) {
                ctx.receive();
            }
        });

        assertThat(child.get(5, SECONDS).termination().get(5, SECONDS)).isEqualTo(ExitReason.NORMAL);

        assertThat(parent.isAlive()).isTrue();
        // end::normal[]
    }

    @Test
    void aTrappingProcessReceivesExitMessages() throws Exception {
        // tag::trap[]
        CompletableFuture<Exit> signal = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            ctx.trapExits(true);                                // process_flag(trap_exit, true)
            ctx.spawnLink(child -> {
                throw new IllegalStateException("boom");
            });
            signal.complete(ctx.receive(Exit.class, Duration.ofSeconds(5)).orElseThrow());
        });

        Exit exit = signal.get(5, SECONDS);                     // {'EXIT', Child, {error, boom}}

        assertThat(exit.from().isAlive()).isFalse();
        assertThat(exit.reason()).isInstanceOf(ExitReason.Error.class);
        // end::trap[]
    }

    @Test
    void killCannotBeTrapped() throws Exception {
        // tag::kill[]
        CompletableFuture<Void> trapping = new CompletableFuture<>();
        ProcessRef<Object> stubborn = scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            trapping.complete(null);
            while (true) {
                ctx.receive();                                  // ignores every Exit message
            }
        });
        trapping.get(5, SECONDS);

        scheduler.exit(stubborn, ExitReason.SHUTDOWN);          // trapped: just a message
        assertThat(stubborn.isAlive()).isTrue();

        scheduler.exit(stubborn, ExitReason.KILL);              // untrappable
        assertThat(stubborn.termination().get(5, SECONDS)).isEqualTo(ExitReason.KILLED);
        // end::kill[]
    }

    @Test
    void linkingToADeadProcessGivesNoproc() throws Exception {
        // tag::noproc[]
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        dead.termination().get(5, SECONDS);

        CompletableFuture<Exit> trapped = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            ctx.link(dead);
            trapped.complete(ctx.receive(Exit.class, Duration.ofSeconds(5)).orElseThrow());
        });
        ProcessRef<Object> careless = scheduler.spawn(ctx -> {
            ctx.link(dead);                                     // not trapping: exits with noproc
            ctx.receive();
        });

        assertThat(trapped.get(5, SECONDS)).isEqualTo(new Exit(dead, ExitReason.NOPROC));
        assertThat(careless.termination().get(5, SECONDS)).isEqualTo(ExitReason.NOPROC);
        // end::noproc[]
    }
}
