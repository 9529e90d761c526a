package dev.actorkit.autoconfigure;

import static dev.actorkit.autoconfigure.FailureAnalysisTest.assertAnalysis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.autoconfigure.ActorAutoConfigurationTest.ShopApplication;
import dev.actorkit.autoconfigure.SupervisionPlan.ProcessNode;
import dev.actorkit.supervisor.Restart;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Keys under {@code actor.*} that the starter does not have stop the start-up with a report that names the
 * nearest valid key, in every relaxed form Spring Boot accepts, and without rejecting other modules' groups.
 */
@ExtendWith(OutputCaptureExtension.class)
class StrictConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class))
            .withUserConfiguration(ShopApplication.class);

    /** The runner with {@code variables} as the process environment (and no other environment variables). */
    private ApplicationContextRunner withEnvironmentVariables(Map<String, Object> variables) {
        return runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

    @Test
    void aTypoOfASupervisorKeyIsReportedWithTheKeyItMeant() {
        runner.withPropertyValues("actor.supervision.root.children=counter", "actor.supervision.root.max-restart=0")
                .run(context -> assertAnalysis(context, "actor.supervision.root.max-restart",
                        "'max-restart' is not a key of a supervisor (actor.supervision.<name>); did you mean 'max-restarts'?",
                        "Rename it to actor.supervision.root.max-restarts, or remove it."));
    }

    @Test
    void aTypoOfAProcessKeyIsReportedBeforeTheProcessNameIsChecked() {
        runner.withPropertyValues("actor.processes.account.restrat=transient")
                .run(context -> assertAnalysis(context, "actor.processes.account.restrat",
                        "'restrat' is not a key of a process (actor.processes.<name>); did you mean 'restart'?",
                        "Rename it to actor.processes.account.restart"));
    }

    @Test
    void aTypoOfAMailboxKeyIsReportedWithTheKeysOfAMailbox() {
        runner.withPropertyValues("actor.processes.counter.mailbox.capasity=10")
                .run(context -> assertAnalysis(context, "actor.processes.counter.mailbox.capasity",
                        "did you mean 'capacity'?", "The keys of a mailbox (actor.processes.<name>.mailbox) are: block-timeout,"
                                + " capacity, overflow."));
    }

    @Test
    void aTypoOfABackoffKeyIsReported() {
        runner.withPropertyValues("actor.supervision.root.children=counter", "actor.supervision.root.on-give-up=restart",
                        "actor.supervision.root.backoff.min-dealy=2s")
                .run(context -> assertAnalysis(context, "actor.supervision.root.backoff.min-dealy",
                        "did you mean 'min-delay'?", "Rename it to actor.supervision.root.backoff.min-delay"));
    }

    @Test
    void aTypoOfASchedulerKeyIsReported() {
        runner.withPropertyValues("actor.scheduler.paralelism=4")
                .run(context -> assertAnalysis(context, "actor.scheduler.paralelism",
                        "'paralelism' is not a key of the scheduler (actor.scheduler); did you mean 'parallelism'?",
                        "Rename it to actor.scheduler.parallelism"));
    }

    @Test
    void aTypoOfATopLevelKeyIsReported() {
        runner.withPropertyValues("actor.enabeld=false")
                .run(context -> assertAnalysis(context, "actor.enabeld", "did you mean 'enabled'?",
                        "Rename it to actor.enabled"));
    }

    @Test
    void aTypoOfAGroupTheStarterOwnsIsReported() {
        runner.withPropertyValues("actor.proceses.counter.restart=transient")
                .run(context -> assertAnalysis(context, "actor.proceses.counter.restart", "did you mean 'processes'?",
                        "Rename it to actor.processes"));
    }

    @Test
    void aKeyWithoutAnyNearValidKeyIsReportedWithTheValidKeys() {
        runner.withPropertyValues("actor.processes.counter.priority=high")
                .run(context -> assertAnalysis(context, "actor.processes.counter.priority",
                        "'priority' is not a key of a process (actor.processes.<name>).",
                        "The keys of a process (actor.processes.<name>) are: mailbox, restart, shutdown."));
    }

    @Test
    void aKeyBelowAValueIsReported() {
        runner.withPropertyValues("actor.processes.counter.shutdown.timeout=5s")
                .run(context -> assertAnalysis(context, "actor.processes.counter.shutdown.timeout",
                        "actor.processes.counter.shutdown is a value, so it has no key 'timeout' below it.",
                        "Set actor.processes.counter.shutdown itself"));
    }

    @Test
    void groupsOfOtherModulesUnderActorAreLeftToThem() {
        runner.withPropertyValues("actor.dashboard.port=8081", "actor.cluster.seed-nodes=a,b", "actor.cluster.name=shop")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void camelCaseUnderscoresAndListIndexesAreValidFormsOfAKey() {
        runner.withPropertyValues("actor.supervision.root.children[0]=counter", "actor.supervision.root.maxRestarts=7",
                        "actor.processes.counter.mailbox.block_timeout=2s", "actor.processes.counter.mailbox.capacity=5",
                        "actor.scheduler.slowHandlerThreshold=2s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ProcessTree.class).plan().supervisors())
                            .anySatisfy(root -> assertThat(root.maxRestarts()).isEqualTo(7));
                });
    }

    @Test
    void environmentVariablesOfValidKeysAreAccepted() {
        withEnvironmentVariables(Map.of("ACTOR_PROCESSES_COUNTER_RESTART", "transient",
                "ACTOR_SUPERVISION_ROOT_CHILDREN", "counter", "ACTOR_SUPERVISION_ROOT_MAXRESTARTS", "9"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SupervisionPlan plan = context.getBean(ProcessTree.class).plan();
                    assertThat(plan.processes()).filteredOn(process -> process.name().equals("counter"))
                            .extracting(ProcessNode::restart).containsExactly(Restart.TRANSIENT);
                    assertThat(plan.supervisors()).anySatisfy(root -> assertThat(root.maxRestarts()).isEqualTo(9));
                });
    }

    @Test
    void anEnvironmentVariableWithAnUnderscoreForADashIsReportedWithTheNameThatBinds() {
        withEnvironmentVariables(Map.of("ACTOR_SUPERVISION_ROOT_CHILDREN", "counter",
                "ACTOR_SUPERVISION_ROOT_MAX_RESTARTS", "9"))
                .run(context -> assertAnalysis(context, "actor.supervision.root.max.restarts",
                        "as an environment variable, each underscore separates keys, so this does not set"
                                + " actor.supervision.root.max-restarts.",
                        "Name the variable ACTOR_SUPERVISION_ROOT_MAXRESTARTS"));
    }

    @Test
    void anEnvironmentVariableOfAnotherProgramDirectlyUnderActorIsLeftAlone() {
        withEnvironmentVariables(Map.of("ACTOR_HOME", "/opt/actor"))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aMisspelledEnvironmentVariableOfAProcessIsReported() {
        withEnvironmentVariables(Map.of("ACTOR_PROCESSES_COUNTER_RESTRAT", "transient"))
                .run(context -> assertAnalysis(context, "actor.processes.counter.restrat", "did you mean 'restart'?",
                        "Rename it to actor.processes.counter.restart"));
    }

    @Test
    void aTypoInApplicationYmlIsReportedWithTheFileAndLineItWasGivenAt(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(dev.actorkit.autoconfigure.fixtures.shop.ShopApplication.class)
                .profiles("typo")
                .properties("spring.main.banner-mode=off")
                .run().close())
                .hasRootCauseInstanceOf(ActorConfigurationException.class);

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Key: actor.supervision.root.max-restart")
                .contains("Origin: class path resource [application-typo.yml] - 5:20")
                .contains("Problem: 'max-restart' is not a key of a supervisor (actor.supervision.<name>); did you mean"
                        + " 'max-restarts'?")
                .contains("Update actor.supervision.root.max-restart. Rename it to actor.supervision.root.max-restarts");
    }
}
