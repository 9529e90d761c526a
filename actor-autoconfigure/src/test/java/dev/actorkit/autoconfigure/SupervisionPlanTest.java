package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.MailboxConfig;
import dev.actorkit.autoconfigure.ActorProperties.SupervisorProperties;
import dev.actorkit.autoconfigure.SupervisionPlan.ProcessNode;
import dev.actorkit.autoconfigure.SupervisionPlan.SupervisorNode;
import dev.actorkit.autoconfigure.fixtures.shop.Counter;
import dev.actorkit.autoconfigure.fixtures.shop.Gateway;
import dev.actorkit.autoconfigure.fixtures.shop.Ledger;
import dev.actorkit.supervisor.Restart;
import dev.actorkit.supervisor.Shutdown;
import dev.actorkit.supervisor.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan from properties alone, without a context: names, defaults, order, the forms of a shutdown. */
class SupervisionPlanTest {

    private final ProcessCatalog catalog = new ProcessCatalog(Map.of("ledger", Ledger.class, "counter", Counter.class,
            "gateway", Gateway.class));

    @Test
    void aShutdownIsADurationOrBrutalKillOrInfinity() {
        assertThat(SupervisionPlan.shutdown("k", "5s")).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
        assertThat(SupervisionPlan.shutdown("k", "PT0.5S")).isEqualTo(Shutdown.timeout(Duration.ofMillis(500)));
        assertThat(SupervisionPlan.shutdown("k", "250")).isEqualTo(Shutdown.timeout(Duration.ofMillis(250)));
        assertThat(SupervisionPlan.shutdown("k", "brutal-kill")).isEqualTo(Shutdown.brutalKill());
        assertThat(SupervisionPlan.shutdown("k", "BRUTAL_KILL")).isEqualTo(Shutdown.brutalKill());
        assertThat(SupervisionPlan.shutdown("k", "infinity")).isEqualTo(Shutdown.infinity());
        assertThatThrownBy(() -> SupervisionPlan.shutdown("k", "-1s")).isInstanceOf(ActorConfigurationException.class);
    }

    @Test
    void withoutConfigurationEveryProcessRunsUnderTheDefaultRootWithTheDefaults() {
        SupervisionPlan plan = SupervisionPlan.of(new ActorProperties(), catalog);

        assertThat(plan.roots()).singleElement().isEqualTo(new SupervisorNode(SupervisionPlan.DEFAULT_ROOT, Strategy.ONE_FOR_ONE,
                3, Duration.ofSeconds(5), List.of(
                        process("counter", Counter.class), process("gateway", Gateway.class), process("ledger", Ledger.class))));
    }

    @Test
    void rootsStartInDeclarationOrderAfterTheDefaultRoot() {
        ActorProperties properties = new ActorProperties();
        properties.getSupervision().put("second", supervisor("ledger"));
        properties.getSupervision().put("first", supervisor("gateway", "second"));

        SupervisionPlan plan = SupervisionPlan.of(properties, catalog);

        assertThat(plan.roots()).extracting(SupervisorNode::name).containsExactly(SupervisionPlan.DEFAULT_ROOT, "first");
        assertThat(plan.supervisors()).extracting(SupervisorNode::name)
                .containsExactly(SupervisionPlan.DEFAULT_ROOT, "first", "second");
        assertThat(plan.processes()).extracting(ProcessNode::name).containsExactly("counter", "gateway", "ledger");
    }

    private static ProcessNode process(String name, Class<?> type) {
        return new ProcessNode(name, type, Restart.PERMANENT, Shutdown.timeout(Duration.ofSeconds(5)), MailboxConfig.unbounded());
    }

    private static SupervisorProperties supervisor(String... children) {
        SupervisorProperties supervisor = new SupervisorProperties();
        supervisor.setChildren(List.of(children));
        return supervisor;
    }
}
