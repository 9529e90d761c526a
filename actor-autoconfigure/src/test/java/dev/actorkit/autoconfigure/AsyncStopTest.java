package dev.actorkit.autoconfigure;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.ProcessRef;
import dev.actorkit.autoconfigure.ActorAutoConfigurationTest.ShopApplication;
import dev.actorkit.autoconfigure.LifecycleTest.DrainApplication;
import dev.actorkit.autoconfigure.fixtures.Tally;
import dev.actorkit.autoconfigure.fixtures.drain.Sink;
import dev.actorkit.autoconfigure.fixtures.drain.Sink.Item;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The tree stops asynchronously ({@code SmartLifecycle.stop(Runnable)}), within
 * {@code spring.lifecycle.timeout-per-shutdown-phase}: what still runs at the deadline is named in the log and killed.
 */
@ExtendWith(OutputCaptureExtension.class)
class AsyncStopTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class));

    @Test
    void theTreeStopsOnAThreadOfItsOwnAndCallsBackOnceStopped() {
        runner.withUserConfiguration(ShopApplication.class).run(context -> {
            ProcessTree tree = context.getBean(ProcessTree.class);
            AtomicReference<String> stoppedOn = new AtomicReference<>();
            CountDownLatch stopped = new CountDownLatch(1);

            tree.stop(() -> {
                stoppedOn.set(Thread.currentThread().getName());
                stopped.countDown();
            });

            assertThat(stopped.await(10, SECONDS)).as("the stop's callback ran").isTrue();
            assertThat(stoppedOn.get()).isEqualTo("actor-tree-stop");
            assertThat(tree.isRunning()).isFalse();
            assertThat(tree.runningRoots()).isEmpty();
        });
    }

    @Test
    void aTreeThatIsNotRunningCallsBackAtOnce() {
        runner.withUserConfiguration(ShopApplication.class).withPropertyValues("actor.auto-startup=false").run(context -> {
            AtomicReference<String> stoppedOn = new AtomicReference<>();
            context.getBean(ProcessTree.class).stop(() -> stoppedOn.set(Thread.currentThread().getName()));
            assertThat(stoppedOn.get()).isEqualTo(Thread.currentThread().getName());
        });
    }

    @Test
    void atTheShutdownPhaseDeadlineWhatStillRunsIsNamedInTheLogAndKilled(CapturedOutput output) {
        int sent = 50_000;                           // a second of work or more, far beyond the deadline
        Tally tally = new Tally();
        runner.withUserConfiguration(DrainApplication.class).withBean(Tally.class, () -> tally)
                .withPropertyValues("actor.processes.sink.shutdown=infinity", // it would drain however long that takes
                        "spring.lifecycle.timeout-per-shutdown-phase=300ms")
                .run(context -> {
                    ProcessRef<Sink> sink = ActorAutoConfigurationTest.ref(context.getBean("sinkRef"));
                    for (int i = 0; i < sent; i++) {
                        sink.send(new Item(i));
                    }
                });                                  // the context closes here, with a backlog

        assertThat(output).contains("The process tree did not stop within spring.lifecycle.timeout-per-shutdown-phase"
                        + " (less a margin, 270 ms); killing what still runs, without draining its mailbox: [sink]")
                .contains("Process 'sink' still had messages after the time left before the deadline of the tree's stop");
        assertThat(tally.get()).isLessThan(sent);
    }
}
