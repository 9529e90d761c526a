package dev.actorkit.autoconfigure;

import static dev.actorkit.autoconfigure.FailureAnalysisTest.assertAnalysis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.MailboxConfig;
import dev.actorkit.autoconfigure.ActorAutoConfigurationTest.ShopApplication;
import dev.actorkit.autoconfigure.SupervisionPlan.ProcessNode;
import dev.actorkit.supervisor.Restart;
import dev.actorkit.supervisor.Shutdown;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code actor.processes.defaults.*}: settings for every process, which a named entry overrides key by key. */
class ProcessDefaultsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class))
            .withUserConfiguration(ShopApplication.class);

    @Test
    void theDefaultsApplyToEveryProcessThatDoesNotSetTheKeyItself() {
        runner.withPropertyValues("actor.processes.defaults.restart=transient", "actor.processes.defaults.shutdown=brutal-kill",
                        "actor.processes.defaults.mailbox.capacity=100", "actor.processes.defaults.mailbox.overflow=drop-oldest",
                        "actor.processes.counter.shutdown=2s", "actor.processes.counter.mailbox.capacity=7",
                        "actor.processes.ledger.restart=permanent")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Map<String, ProcessNode> processes = context.getBean(ProcessTree.class).plan().processes()
                            .collect(Collectors.toMap(ProcessNode::name, Function.identity()));

                    ProcessNode counter = processes.get("counter");
                    assertThat(counter.restart()).isEqualTo(Restart.TRANSIENT);
                    assertThat(counter.shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(2)));
                    assertThat(counter.mailbox()).isEqualTo(MailboxConfig.bounded(7, MailboxConfig.Overflow.DROP_OLDEST)
                            .withBlockTimeout(Duration.ofSeconds(5)));

                    ProcessNode ledger = processes.get("ledger");
                    assertThat(ledger.restart()).isEqualTo(Restart.PERMANENT);
                    assertThat(ledger.shutdown()).isEqualTo(Shutdown.brutalKill());

                    ProcessNode gateway = processes.get("gateway");
                    assertThat(gateway.restart()).isEqualTo(Restart.TRANSIENT);
                    assertThat(gateway.mailbox()).isEqualTo(MailboxConfig.bounded(100, MailboxConfig.Overflow.DROP_OLDEST)
                            .withBlockTimeout(Duration.ofSeconds(5)));
                });
    }

    @Test
    void withoutDefaultsAProcessHasTheBuiltInValues() {
        runner.run(context -> assertThat(context.getBean(ProcessTree.class).plan().processes())
                .allSatisfy(process -> {
                    assertThat(process.restart()).isEqualTo(Restart.PERMANENT);
                    assertThat(process.shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
                    assertThat(process.mailbox()).isEqualTo(MailboxConfig.unbounded());
                }));
    }

    @Test
    void anInvalidDefaultIsReportedAtItsOwnKey() {
        runner.withPropertyValues("actor.processes.defaults.shutdown=0s")
                .run(context -> assertAnalysis(context, "actor.processes.defaults.shutdown",
                        "a shutdown timeout must be positive, but is PT0S.", "Use a positive duration such as 5s"));
    }

    @Test
    void aTypoUnderTheDefaultsIsReported() {
        runner.withPropertyValues("actor.processes.defaults.shutdwn=1s")
                .run(context -> assertAnalysis(context, "actor.processes.defaults.shutdwn", "did you mean 'shutdown'?",
                        "Rename it to actor.processes.defaults.shutdown"));
    }
}
