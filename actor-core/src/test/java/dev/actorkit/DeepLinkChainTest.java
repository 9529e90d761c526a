package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An exit travels through links of any depth: no recursion, so no StackOverflowError partway. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeepLinkChainTest {

    private static final int LENGTH = 10_000;

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofSeconds(5));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    record LinkTo(ProcessRef<?> other) {
    }

    record Watch(ProcessRef<?> target, CompletableFuture<Down> down) {
    }

    @Process
    static class Link {
        @Receive
        void on(LinkTo request) {
            ProcessContext.current().link(request.other());
        }
    }

    /** Traps exits, as a supervisor does; also monitors what it is told to watch. */
    @Process(trapExits = true)
    static class Guardian {
        private final List<CompletableFuture<Exit>> exits = new ArrayList<>();
        private CompletableFuture<Down> down;

        @Receive
        void on(LinkTo request) {
            ProcessContext.current().link(request.other());
        }

        @Receive
        void on(Watch watch) {
            down = watch.down();
            ProcessContext.current().monitor(watch.target());
        }

        @Receive
        void on(Exit exit) {
            EXIT.complete(exit);
        }

        @Receive
        void on(Down received) {
            down.complete(received);
        }

        static final CompletableFuture<Exit> EXIT = new CompletableFuture<>();
    }

    @Test
    void anExitTravelsThroughATenThousandLongChainOfLinksToTheEndWithItsReason() throws Exception {
        List<ProcessRef<Link>> chain = new ArrayList<>(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            chain.add(scheduler.spawn(Link::new));
        }
        for (int i = 0; i + 1 < LENGTH; i++) {
            chain.get(i).call(new LinkTo(chain.get(i + 1))); // a call, so each link exists before the next step
        }
        ProcessRef<Guardian> guardian = scheduler.spawn(Guardian::new);
        ProcessRef<Link> tail = chain.get(LENGTH - 1);
        guardian.call(new LinkTo(tail));
        CompletableFuture<Down> tailDown = new CompletableFuture<>();
        guardian.call(new Watch(tail, tailDown));
        ExitReason reason = ExitReason.of("chain reaction");

        scheduler.exit(chain.get(0), reason);

        for (ProcessRef<Link> link : chain) {
            assertThat(link.termination().get(30, TimeUnit.SECONDS)).isEqualTo(reason);
        }
        assertThat(tailDown.get(30, TimeUnit.SECONDS).reason()).as("the tail's monitor fired").isEqualTo(reason);
        Exit exit = Guardian.EXIT.get(30, TimeUnit.SECONDS);
        assertThat(exit.from()).as("the trapping guardian, as a supervisor would be, was told").isEqualTo(tail);
        assertThat(exit.reason()).isEqualTo(reason);
        assertThat(guardian.isAlive()).isTrue();
    }
}
