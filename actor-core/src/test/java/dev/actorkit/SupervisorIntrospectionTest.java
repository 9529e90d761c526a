package dev.actorkit;

import static dev.actorkit.Await.exitReasonOf;
import static dev.actorkit.SupervisorFixtures.awaitRestart;
import static dev.actorkit.SupervisorFixtures.infoOf;
import static dev.actorkit.SupervisorFixtures.pidOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.SupervisorFixtures.Crash;
import dev.actorkit.SupervisorFixtures.Worker;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.DynamicSupervisor;
import dev.actorkit.supervisor.DynamicSupervisorSpec;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a supervisor tells about its children's restarts and about itself having given up. */
@Timeout(30)
class SupervisorIntrospectionTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    private final BlockingQueue<String> journal = new LinkedBlockingQueue<>();

    private ChildSpec worker(String id) {
        return ChildSpec.worker(id, () -> new Worker(id, journal));
    }

    private void crashAndAwaitRestart(Supervisor supervisor, String id) {
        Pid before = pidOf(supervisor, id);
        supervisor.child(id).orElseThrow().send(new Crash("boom"));
        awaitRestart(supervisor, id, before);
    }

    @Test
    void whichChildrenCountsTheRestartsOfEachChild() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a"), worker("b"))
                .withIntensity(10, Duration.ofSeconds(10)));

        crashAndAwaitRestart(supervisor, "a");
        crashAndAwaitRestart(supervisor, "a");

        assertThat(infoOf(supervisor, "a").restarts()).isEqualTo(2);
        assertThat(infoOf(supervisor, "b").restarts()).isZero();
    }

    @Test
    void oneForAllCountsARestartForEveryChildItRestarts() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForAll(worker("a"), worker("b")));
        Pid b = pidOf(supervisor, "b");

        crashAndAwaitRestart(supervisor, "a");
        awaitRestart(supervisor, "b", b);

        assertThat(supervisor.whichChildren()).extracting(info -> info.restarts()).containsExactly(1, 1);
    }

    @Test
    void aChildRestartedByRestartChildIsNotCountedAsRestartedBySupervision() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));

        supervisor.terminateChild("a");
        supervisor.restartChild("a");

        assertThat(infoOf(supervisor, "a").restarts()).isZero();
    }

    @Test
    void aDynamicSupervisorCountsTheRestartsOfItsChildren() {
        DynamicSupervisor supervisor = DynamicSupervisor.start(scheduler, DynamicSupervisorSpec.defaults());
        ProcessRef<Object> child = supervisor.startChild(worker("a"));
        Pid before = child.pid();

        child.send(new Crash("boom"));
        awaitRestart(child, before);

        assertThat(supervisor.whichChildren()).singleElement().extracting(info -> info.restarts()).isEqualTo(1);
    }

    @Test
    void aSupervisorWhoseRestartsExceededItsIntensityHasGivenUp() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(worker("a")).withIntensity(0, Duration.ofSeconds(10)));
        assertThat(supervisor.hasGivenUp()).isFalse();

        supervisor.child("a").orElseThrow().send(new Crash("boom"));

        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(supervisor.hasGivenUp()).isTrue();
        assertThat(Supervisor.of(supervisor.ref()).hasGivenUp()).isTrue();
    }

    @Test
    void aStoppedSupervisorHasNotGivenUp() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));

        supervisor.stop();

        assertThat(supervisor.ref().isAlive()).isFalse();
        assertThat(supervisor.hasGivenUp()).isFalse();
    }

    @Test
    void aDynamicSupervisorWhoseRestartsExceededItsIntensityHasGivenUp() throws Exception {
        DynamicSupervisor supervisor = DynamicSupervisor.start(scheduler,
                DynamicSupervisorSpec.defaults().withIntensity(0, Duration.ofSeconds(10)));
        supervisor.startChild(worker("a")).send(new Crash("boom"));

        assertThat(exitReasonOf(supervisor.ref())).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(supervisor.hasGivenUp()).isTrue();
    }
}
