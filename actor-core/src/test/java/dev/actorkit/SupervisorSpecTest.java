package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.SupervisorFixtures.Worker;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.ChildType;
import dev.actorkit.supervisor.DynamicSupervisorSpec;
import dev.actorkit.supervisor.Restart;
import dev.actorkit.supervisor.Shutdown;
import dev.actorkit.supervisor.Strategy;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** The specs' OTP/Elixir defaults and the mistakes they reject (supervisor_SUITE's check_spec cases). */
class SupervisorSpecTest {

    private static ChildSpec worker(String id) {
        return ChildSpec.worker(id, () -> new Worker(id, new LinkedBlockingQueue<>()));
    }

    @Test
    void aWorkerIsPermanentWithAFiveSecondShutdownByDefault() {
        ChildSpec spec = worker("w");

        assertThat(spec.restart()).isEqualTo(Restart.PERMANENT);
        assertThat(spec.shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
        assertThat(spec.type()).isEqualTo(ChildType.WORKER);
        assertThat(spec.name()).isNull();
        assertThat(spec.mailbox()).isEqualTo(MailboxConfig.unbounded());
    }

    @Test
    void aBlockingWorkerHasTheSameDefaultsAsAnAnnotatedOne() {
        ChildSpec spec = ChildSpec.worker("b", ctx -> { });

        assertThat(spec.restart()).isEqualTo(Restart.PERMANENT);
        assertThat(spec.shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
        assertThat(spec.type()).isEqualTo(ChildType.WORKER);
    }

    @Test
    void aNestedSupervisorIsPermanentWithAnInfiniteShutdownByDefault() {
        ChildSpec spec = ChildSpec.supervisor("s", SupervisorSpec.oneForOne());

        assertThat(spec.restart()).isEqualTo(Restart.PERMANENT);
        assertThat(spec.shutdown()).isEqualTo(Shutdown.infinity());
        assertThat(spec.type()).isEqualTo(ChildType.SUPERVISOR);
    }

    @Test
    void aSupervisorSpecAllowsThreeRestartsInFiveSecondsByDefault() {
        SupervisorSpec spec = SupervisorSpec.restForOne(worker("a"), worker("b"));

        assertThat(spec.strategy()).isEqualTo(Strategy.REST_FOR_ONE);
        assertThat(spec.maxRestarts()).isEqualTo(3);
        assertThat(spec.within()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.children()).extracting(ChildSpec::id).containsExactly("a", "b");
    }

    @Test
    void aDynamicSupervisorSpecAllowsThreeRestartsInFiveSecondsAndAnyNumberOfChildrenByDefault() {
        DynamicSupervisorSpec spec = DynamicSupervisorSpec.defaults();

        assertThat(spec.maxRestarts()).isEqualTo(3);
        assertThat(spec.within()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.maxChildren()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void withMethodsChangeOnlyTheirOwnField() {
        ChildSpec spec = worker("w").withRestart(Restart.TRANSIENT).withShutdown(Shutdown.brutalKill())
                .withName(ProcessName.local("w"));

        assertThat(spec.id()).isEqualTo("w");
        assertThat(spec.restart()).isEqualTo(Restart.TRANSIENT);
        assertThat(spec.shutdown()).isEqualTo(Shutdown.brutalKill());
        assertThat(spec.name()).hasToString("w");
    }

    @Test
    void twoChildrenWithTheSameIdAreRejected() {
        assertThatThrownBy(() -> SupervisorSpec.oneForOne(worker("dup"), worker("dup")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dup");
    }

    @Test
    void aBlankChildIdIsRejected() {
        assertThatThrownBy(() -> worker(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNegativeIntensityOrAnEmptyWindowIsRejected() {
        assertThatThrownBy(() -> SupervisorSpec.oneForOne().withIntensity(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SupervisorSpec.oneForOne().withIntensity(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DynamicSupervisorSpec.defaults().withIntensity(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDynamicSupervisorMustAcceptAtLeastOneChild() {
        assertThatThrownBy(() -> DynamicSupervisorSpec.defaults().withMaxChildren(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aZeroShutdownTimeoutIsRejectedInFavourOfBrutalKill() {
        assertThatThrownBy(() -> Shutdown.timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("brutalKill");
    }

    @Test
    void restartTypesDecideByTheExitReasonAsOtpDoes() {
        ExitReason crash = ExitReason.error(new IllegalStateException());
        assertThat(Restart.PERMANENT.restartsAfter(ExitReason.NORMAL)).isTrue();
        assertThat(Restart.PERMANENT.restartsAfter(ExitReason.SHUTDOWN)).isTrue();
        assertThat(Restart.TRANSIENT.restartsAfter(ExitReason.NORMAL)).isFalse();
        assertThat(Restart.TRANSIENT.restartsAfter(ExitReason.shutdown("x"))).isFalse();
        assertThat(Restart.TRANSIENT.restartsAfter(ExitReason.KILLED)).isTrue();
        assertThat(Restart.TRANSIENT.restartsAfter(crash)).isTrue();
        assertThat(Restart.TEMPORARY.restartsAfter(crash)).isFalse();
    }
}
