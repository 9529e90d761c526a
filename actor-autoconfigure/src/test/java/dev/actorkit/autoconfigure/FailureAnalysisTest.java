package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.autoconfigure.ActorAutoConfigurationTest.ShopApplication;
import dev.actorkit.autoconfigure.fixtures.Journal;
import dev.actorkit.autoconfigure.fixtures.component.Both;
import dev.actorkit.autoconfigure.fixtures.duplicate.a.Worker;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Invalid configurations stop the start-up, and the failure analyzers registered in
 * {@code META-INF/spring.factories} (ActorKit's first, then Spring Boot's) explain them: the key, the
 * problem and the fix.
 */
class FailureAnalysisTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class))
            .withUserConfiguration(ShopApplication.class);

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Worker.class, basePackages = "dev.actorkit.autoconfigure.fixtures.duplicate.b")
    static class TwoWorkers {
        @Bean
        Journal journal() {
            return new Journal();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Both.class)
    static class ComponentProcess {
    }

    @Test
    void anUnknownNameAmongTheChildrenIsReportedWithTheNamesThatExist() {
        runner.withPropertyValues("actor.supervision.root.children=counter,countr").run(context -> assertAnalysis(context,
                "actor.supervision.root.children[1]",
                "'countr' is neither a @Process class nor a supervisor.",
                "Use one of the process names [counter, gateway, ledger]"));
    }

    @Test
    void aChildUnderTwoSupervisorsIsReported() {
        runner.withPropertyValues("actor.supervision.root.children=counter,ledger",
                        "actor.supervision.payments.children=ledger,gateway")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.payments.children[0]",
                        "'ledger' is a child of two supervisors: 'root' (actor.supervision.root.children[1]) and 'payments'.",
                        "Remove it from one of them"));
    }

    @Test
    void aCycleAmongSupervisorsIsReported() {
        runner.withPropertyValues("actor.supervision.a.children=counter,b", "actor.supervision.b.children=ledger,c",
                        "actor.supervision.c.children=a")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.a.children",
                        "the supervisors a -> b -> c -> a form a cycle, so none of them is a root.",
                        "Remove 'b' from the children of 'a' (actor.supervision.a.children[1])"));
    }

    @Test
    void aSupervisorThatListsItselfIsReported() {
        runner.withPropertyValues("actor.supervision.root.children=counter,root").run(context -> assertAnalysis(context,
                "actor.supervision.root.children[1]", "supervisor 'root' lists itself as a child.", "Remove 'root'"));
    }

    @Test
    void aChildListedTwiceIsReported() {
        runner.withPropertyValues("actor.supervision.root.children=counter,ledger,counter").run(context -> assertAnalysis(context,
                "actor.supervision.root.children[2]", "'counter' is listed twice among the children of 'root'.",
                "Remove one of the two entries."));
    }

    @Test
    void aBadStrategyIsReportedWithTheValidOnes() {
        runner.withPropertyValues("actor.supervision.root.children=counter", "actor.supervision.root.strategy=one-for-some")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.root.strategy",
                        "'one-for-some' is not one of one-for-one, one-for-all, rest-for-one, dynamic.",
                        "set it to one of one-for-one, one-for-all, rest-for-one, dynamic."));
    }

    @Test
    void aNegativeMaxRestartsIsReported() {
        runner.withPropertyValues("actor.supervision.root.children=counter", "actor.supervision.root.max-restarts=-1")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.root.max-restarts",
                        "max-restarts is -1, but it cannot be negative.",
                        "Set it to 0 or more"));
    }

    @Test
    void anUnparseableWindowIsReported() {
        runner.withPropertyValues("actor.supervision.root.children=counter", "actor.supervision.root.within=5 parsecs")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.root.within",
                        "'5 parsecs' is not a duration such as 5s, 500ms, 1m or PT5S",
                        "set it to a duration such as 5s"));
    }

    @Test
    void aWindowOfZeroIsReported() {
        runner.withPropertyValues("actor.supervision.root.children=counter", "actor.supervision.root.within=0s")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.root.within",
                        "the window of max-restarts must be positive, but is PT0S.",
                        "Set it to a positive duration"));
    }

    @Test
    void aBadRestartTypeIsReportedWithTheValidOnes() {
        runner.withPropertyValues("actor.processes.counter.restart=sometimes").run(context -> assertAnalysis(context,
                "actor.processes.counter.restart",
                "'sometimes' is not one of permanent, transient, temporary.",
                "set it to one of permanent, transient, temporary."));
    }

    @Test
    void aBadShutdownIsReportedWithTheValidForms() {
        runner.withPropertyValues("actor.processes.counter.shutdown=soon").run(context -> assertAnalysis(context,
                "actor.processes.counter.shutdown",
                "'soon' is neither a duration nor brutal-kill nor infinity.",
                "Use a duration such as 5s or 500ms"));
    }

    @Test
    void aShutdownOfZeroIsReported() {
        runner.withPropertyValues("actor.processes.counter.shutdown=0ms").run(context -> assertAnalysis(context,
                "actor.processes.counter.shutdown",
                "a shutdown timeout must be positive, but is PT0S.",
                "or brutal-kill to kill the process at once."));
    }

    @Test
    void aBadOverflowIsReportedWithTheValidOnes() {
        runner.withPropertyValues("actor.processes.counter.mailbox.capacity=10",
                        "actor.processes.counter.mailbox.overflow=explode")
                .run(context -> assertAnalysis(context,
                        "actor.processes.counter.mailbox.overflow",
                        "'explode' is not one of reject, drop-newest, drop-oldest, block.",
                        "set it to one of reject, drop-newest, drop-oldest, block."));
    }

    @Test
    void aCapacityBelowOneIsReported() {
        runner.withPropertyValues("actor.processes.counter.mailbox.capacity=0").run(context -> assertAnalysis(context,
                "actor.processes.counter.mailbox.capacity",
                "the mailbox capacity is 0, but a mailbox holds at least 1 message.",
                "Set it to 1 or more, or remove it for an unbounded mailbox."));
    }

    @Test
    void aCapacityThatIsNotANumberIsReported() {
        runner.withPropertyValues("actor.processes.counter.mailbox.capacity=lots").run(context -> assertAnalysis(context,
                "actor.processes.counter.mailbox.capacity", "'lots' is not a whole number.", "set it to a whole number."));
    }

    @Test
    void anOverflowWithoutACapacityIsReported() {
        runner.withPropertyValues("actor.processes.counter.mailbox.overflow=drop-oldest").run(context -> assertAnalysis(context,
                "actor.processes.counter.mailbox.overflow",
                "overflow is set, but the mailbox has no capacity, so it is unbounded and never overflows.",
                "Set actor.processes.counter.mailbox.capacity as well"));
    }

    @Test
    void aSupervisorWithoutChildrenIsReported() {
        runner.withPropertyValues("actor.supervision.empty.strategy=one-for-all").run(context -> assertAnalysis(context,
                "actor.supervision.empty.children",
                "supervisor 'empty' has no children.",
                "List the processes and supervisors it supervises"));
    }

    @Test
    void aNameThatIsBothAProcessAndASupervisorIsReported() {
        runner.withPropertyValues("actor.supervision.counter.children=ledger").run(context -> assertAnalysis(context,
                "actor.supervision.counter",
                "'counter' is the name of both a supervisor and the @Process class "
                        + "dev.actorkit.autoconfigure.fixtures.shop.Counter.",
                "Rename the supervisor"));
    }

    @Test
    void settingsForAProcessThatDoesNotExistAreReported() {
        runner.withPropertyValues("actor.processes.countr.restart=transient").run(context -> assertAnalysis(context,
                "actor.processes.countr",
                "there is no @Process class named 'countr' under the application's packages.",
                "Use one of the process names [counter, gateway, ledger]"));
    }

    @Test
    void settingsForASupervisorUnderProcessesAreReported() {
        runner.withPropertyValues("actor.supervision.payments.children=ledger", "actor.processes.payments.shutdown=1s")
                .run(context -> assertAnalysis(context,
                        "actor.processes.payments",
                        "'payments' is a supervisor, not a process",
                        "or remove the entry."));
    }

    @Test
    void twoProcessClassesWithTheSameNameAreReported() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class))
                .withUserConfiguration(TwoWorkers.class)
                .run(context -> assertAnalysis(context,
                        "dev.actorkit.autoconfigure.fixtures.duplicate.a.Worker, "
                                + "dev.actorkit.autoconfigure.fixtures.duplicate.b.Worker",
                        "both @Process classes have the process name 'worker'",
                        "Rename one of the classes."));
    }

    @Test
    void aProcessClassThatIsAComponentTooIsReported() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class))
                .withUserConfiguration(ComponentProcess.class)
                .run(context -> assertAnalysis(context,
                        "dev.actorkit.autoconfigure.fixtures.component.Both",
                        "the class is both a @Process and a @Component (or another stereotype)",
                        "Remove @Component"));
    }

    @Test
    void aSchedulerThroughputBelowOneIsReported() {
        runner.withPropertyValues("actor.scheduler.throughput=0").run(context -> assertAnalysis(context,
                "actor.scheduler.throughput",
                "throughput is 0, but a process must handle at least 1 message each time it runs.",
                "Set it to 1 or more"));
    }

    @Test
    void aNegativeParallelismIsReported() {
        runner.withPropertyValues("actor.scheduler.parallelism=-2").run(context -> assertAnalysis(context,
                "actor.scheduler.parallelism", "parallelism is -2, but it cannot be negative.", "or to 0 (the default)"));
    }

    @Test
    void aDynamicSupervisorWithoutProcessIsReported() {
        runner.withPropertyValues("actor.supervision.counters.strategy=dynamic").run(context -> assertAnalysis(context,
                "actor.supervision.counters.process", "dynamic supervisor 'counters' has no process.",
                "Set it to the name of the @Process its children run, one of [counter, gateway, ledger]."));
    }

    @Test
    void aDynamicSupervisorWithAnUnknownProcessIsReported() {
        runner.withPropertyValues("actor.supervision.counters.strategy=dynamic", "actor.supervision.counters.process=countr")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.counters.process", "there is no @Process class named 'countr'",
                        "Use one of the process names [counter, gateway, ledger]"));
    }

    @Test
    void aProcessOnASupervisorThatIsNotDynamicIsReported() {
        runner.withPropertyValues("actor.supervision.root.children=counter", "actor.supervision.root.process=ledger")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.root.process",
                        "process is set, but supervisor 'root' has strategy one-for-one; only a dynamic supervisor has it.",
                        "Set strategy: dynamic to start instances of a process at run time, or remove process."));
    }

    @Test
    void childrenOnADynamicSupervisorAreReported() {
        dynamicCounters("actor.supervision.counters.children=ledger")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.counters.children",
                        "dynamic supervisor 'counters' lists children [ledger], but its children are started at run time",
                        "Remove children, or give 'counters' another strategy"));
    }

    @Test
    void theProcessOfADynamicSupervisorListedAsAChildIsReported() {
        dynamicCounters("actor.supervision.root.children=counters,counter")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.root.children[1]",
                        "'counter' is the process of dynamic supervisor 'counters', which starts its instances at run time,"
                                + " so it cannot also run once as a child of 'root'.",
                        "Remove 'counter' from the children of 'root'"));
    }

    @Test
    void oneProcessUnderTwoDynamicSupervisorsIsReported() {
        dynamicCounters("actor.supervision.more.strategy=dynamic", "actor.supervision.more.process=counter")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.more.process", "'counter' is already the process of dynamic supervisor 'counters'.",
                        "Use one dynamic supervisor per process"));
    }

    @Test
    void aNegativeMaxChildrenIsReported() {
        dynamicCounters("actor.supervision.counters.max-children=-1")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.counters.max-children",
                        "max-children is -1, but a dynamic supervisor must accept at least 1 child.",
                        "Set it to 1 or more, or remove it for no limit."));
    }

    @Test
    void anIdleTimeoutOfZeroIsReported() {
        dynamicCounters("actor.supervision.counters.idle-timeout=0s")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.counters.idle-timeout", "idle-timeout must be positive, but is PT0S.",
                        "Set it to a positive duration such as 10m"));
    }

    @Test
    void anUnparseableIdleTimeoutIsReported() {
        dynamicCounters("actor.supervision.counters.idle-timeout=soon")
                .run(context -> assertAnalysis(context,
                        "actor.supervision.counters.idle-timeout",
                        "'soon' is not a duration such as 5s, 500ms, 1m or PT5S",
                        "set it to a duration such as 5s"));
    }

    @Test
    void otherBindFailuresAreLeftToSpringBoot() {
        FailureAnalysis analysis = new ActorBindFailureAnalyzer().analyze(bindFailure("other.value"));
        assertThat(analysis).isNull();
    }

    /** A dynamic supervisor 'counters' of process counter, with {@code more} properties. */
    private ApplicationContextRunner dynamicCounters(String... more) {
        return runner.withPropertyValues("actor.supervision.counters.strategy=dynamic", "actor.supervision.counters.process=counter")
                .withPropertyValues(more);
    }

    static void assertAnalysis(AssertableApplicationContext context, String key, String problem, String fix) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = analyze(context.getStartupFailure());
        assertThat(analysis).as("a failure analysis of %s", context.getStartupFailure()).isNotNull();
        assertThat(analysis.getDescription()).startsWith("Invalid ActorKit configuration:")
                .contains("Key: " + key).contains("Problem: ").contains(problem);
        assertThat(analysis.getAction()).startsWith("Update " + key).contains(fix);
    }

    /** What Spring Boot would print: the first analysis of the analyzers in spring.factories, in order. */
    static @Nullable FailureAnalysis analyze(Throwable failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(FailureAnalysisTest.class.getClassLoader())
                .load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.none(),
                        SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> { }));
        AnnotationAwareOrderComparator.sort(analyzers);
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis;
            }
        }
        return null;
    }

    private static Throwable bindFailure(String key) {
        Throwable[] failure = new Throwable[1];
        new ApplicationContextRunner().withUserConfiguration(OtherProperties.Config.class)
                .withPropertyValues(key + "=x")
                .run(context -> failure[0] = context.getStartupFailure());
        assertThat(failure[0]).isNotNull();
        return failure[0];
    }

    @org.springframework.boot.context.properties.ConfigurationProperties("other")
    static class OtherProperties {
        private int value;

        public int getValue() {
            return value;
        }

        public void setValue(int value) {
            this.value = value;
        }

        @Configuration(proxyBeanMethods = false)
        @org.springframework.boot.context.properties.EnableConfigurationProperties(OtherProperties.class)
        static class Config {
        }
    }
}
