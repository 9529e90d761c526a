package dev.actorkit.autoconfigure;

import static dev.actorkit.autoconfigure.FailureAnalysisTest.analyze;
import static dev.actorkit.autoconfigure.FailureAnalysisTest.assertAnalysis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.InvalidProcessClassException;
import dev.actorkit.autoconfigure.ActorAutoConfigurationTest.ShopApplication;
import dev.actorkit.autoconfigure.fixtures.invalid.Twice;
import dev.actorkit.autoconfigure.fixtures.keyed.Keyed;
import dev.actorkit.autoconfigure.fixtures.needy.Needy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The start-up failures that a {@code @Process} class can cause, and the rules of {@code actor.*} that had no
 * test, each reported by a failure analyzer: the key (or class), the problem and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProcessClassFailureAnalysisTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Needy.class)
    static class NeedyApplication {
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Needy.class)
    static class TwoGateways {
        @Bean
        Needy.PaymentGateway first() {
            return new Needy.PaymentGateway() { };
        }

        @Bean
        Needy.PaymentGateway second() {
            return new Needy.PaymentGateway() { };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Needy.class)
    static class OneGateway {
        @Bean
        Needy.PaymentGateway gateway() {
            return new Needy.PaymentGateway() { };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Keyed.class)
    static class KeyedApplication {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @AutoConfigurationPackage(basePackageClasses = Twice.class)
    static class InvalidApplication {
    }

    @Test
    void aProcessWhoseConstructorNeedsAMissingBeanIsReportedBeforeAnyProcessRuns() {
        runner.withUserConfiguration(NeedyApplication.class).run(context -> assertAnalysis(context,
                "dev.actorkit.autoconfigure.fixtures.needy.Needy",
                "the constructor of @Process Needy needs a bean of type"
                        + " dev.actorkit.autoconfigure.fixtures.needy.Needy$PaymentGateway (parameter 0), but the application"
                        + " defines none.",
                "Define a bean of that type, or take Optional<Needy.PaymentGateway>"));
    }

    @Test
    void aProcessWhoseConstructorMatchesTwoBeansIsReportedWithTheirNames() {
        runner.withUserConfiguration(TwoGateways.class).run(context -> assertAnalysis(context,
                "dev.actorkit.autoconfigure.fixtures.needy.Needy",
                "but there are 2: [first, second].",
                "Mark one of them @Primary, or name the one it needs with @Qualifier on the parameter."));
    }

    @Test
    void theConstructorCheckCreatesNoBeanAndLetsAProcessWithItsBeansStart() {
        runner.withUserConfiguration(OneGateway.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ProcessTree.class).isRunning()).isTrue();
        });
    }

    @Test
    void aProcessKeyInAProcessThatNoDynamicSupervisorRunsIsReported() {
        runner.withUserConfiguration(KeyedApplication.class).run(context -> assertAnalysis(context,
                "dev.actorkit.autoconfigure.fixtures.keyed.Keyed",
                "the constructor of @Process Keyed takes a ProcessKey (parameter 0), but 'keyed' is not the process of a"
                        + " dynamic supervisor, so it is never started with a key.",
                "Run it under a dynamic supervisor (actor.supervision.<name>.strategy: dynamic, process: keyed)"));
    }

    @Test
    void aProcessKeyInTheProcessOfADynamicSupervisorIsAccepted() {
        runner.withUserConfiguration(KeyedApplication.class)
                .withPropertyValues("actor.supervision.keys.strategy=dynamic", "actor.supervision.keys.process=keyed")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anInvalidProcessClassStopsTheStartUpWithAReportThatNamesTheClassAndTheRule(CapturedOutput output) {
        SpringApplication application = new SpringApplication(InvalidApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.main.banner-mode", "off"));
        assertThatThrownBy(() -> application.run().close()).hasRootCauseInstanceOf(InvalidProcessClassException.class);

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid @Process class:")
                .contains("Problem: ").contains(Twice.class.getName())
                .contains("Change the class as the problem says; the rules of @Process classes are in"
                        + " docs/annotated-processes.md.");
    }

    @Test
    void anInvalidProcessClassIsAnalyzedFromTheTreesStartFailure() {
        runner.withUserConfiguration(InvalidApplicationPackage.class).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).startsWith("Invalid @Process class:").contains(Twice.class.getName());
        });
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Twice.class)
    static class InvalidApplicationPackage {
    }

    // ---- rules of actor.* that had no test ----

    private final ApplicationContextRunner shop = runner.withUserConfiguration(ShopApplication.class);

    @Test
    void aNegativeBlockTimeoutIsReported() {
        shop.withPropertyValues("actor.processes.counter.mailbox.capacity=10", "actor.processes.counter.mailbox.overflow=block",
                        "actor.processes.counter.mailbox.block-timeout=-1s")
                .run(context -> assertAnalysis(context, "actor.processes.counter.mailbox.block-timeout",
                        "block-timeout is PT-1S, but it cannot be negative.",
                        "Set it to how long a sender waits for room, such as 5s (the default)."));
    }

    @Test
    void aBlockTimeoutWithoutACapacityIsReported() {
        shop.withPropertyValues("actor.processes.counter.mailbox.block-timeout=1s")
                .run(context -> assertAnalysis(context, "actor.processes.counter.mailbox.block-timeout",
                        "block-timeout is set, but the mailbox has no capacity", "Set actor.processes.counter.mailbox.capacity"));
    }

    @Test
    void aSchedulerShutdownTimeoutOfZeroIsReported() {
        shop.withPropertyValues("actor.scheduler.shutdown-timeout=0s")
                .run(context -> assertAnalysis(context, "actor.scheduler.shutdown-timeout",
                        "shutdown-timeout must be positive, but is PT0S.", "Set it to a positive duration such as 5s"));
    }

    @Test
    void aNegativeSchedulerCallTimeoutIsReported() {
        shop.withPropertyValues("actor.scheduler.call-timeout=-5s")
                .run(context -> assertAnalysis(context, "actor.scheduler.call-timeout",
                        "call-timeout must be positive, but is PT-5S.", "Set it to a positive duration"));
    }

    @Test
    void aSlowHandlerThresholdOfZeroIsReported() {
        shop.withPropertyValues("actor.scheduler.slow-handler-threshold=0ms")
                .run(context -> assertAnalysis(context, "actor.scheduler.slow-handler-threshold",
                        "slow-handler-threshold must be positive, but is PT0S.", "Set it to a positive duration"));
    }

    @Test
    void aBackoffMaxDelayShorterThanItsMinDelayIsReported() {
        shop.withPropertyValues("actor.supervision.root.children=counter", "actor.supervision.root.on-give-up=restart",
                        "actor.supervision.root.backoff.min-delay=10s", "actor.supervision.root.backoff.max-delay=1s")
                .run(context -> assertAnalysis(context, "actor.supervision.root.backoff.max-delay",
                        "max-delay is PT1S, shorter than min-delay PT10S.", "Set it to min-delay or longer"));
    }
}
