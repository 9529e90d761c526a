package dev.actorkit.autoconfigure;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.ExitReason;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.SchedulerConfig;
import dev.actorkit.autoconfigure.fixtures.Journal;
import dev.actorkit.autoconfigure.fixtures.shop.Counter;
import dev.actorkit.autoconfigure.fixtures.shop.Ledger;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Crash;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Entries;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Entry;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Get;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Increment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

class ActorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class));

    private final ApplicationContextRunner shop = runner.withUserConfiguration(ShopApplication.class);

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Counter.class)
    static class ShopApplication {
        @Bean
        Journal journal() {
            return new Journal();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserScheduler {
        @Bean
        Scheduler myScheduler() {
            return Scheduler.create(SchedulerConfig.defaults().withThroughput(7));
        }
    }

    /** A bean that gets the refs injected by generic type and by name. */
    static class Shopkeeper {
        @Autowired
        ProcessRef<Counter> counter;
        @Autowired
        ProcessRef<Ledger> ledger;
        @Autowired
        @Qualifier("gatewayRef")
        ProcessRef<?> gateway;
        @Autowired
        List<ProcessRef<?>> all;
    }

    @Test
    void aSchedulerBeanIsConfiguredWithTheDefaults() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Scheduler.class);
            assertThat(context.getBean(Scheduler.class).config()).isEqualTo(SchedulerConfig.defaults());
        });
    }

    @Test
    void theSchedulerPropertiesBindToItsConfiguration() {
        runner.withPropertyValues("actor.scheduler.parallelism=3", "actor.scheduler.throughput=16",
                        "actor.scheduler.shutdown-timeout=7s", "actor.scheduler.call-timeout=250ms",
                        "actor.scheduler.slow-handler-threshold=2s", "actor.scheduler.max-blocking-threads=8")
                .run(context -> assertThat(context.getBean(Scheduler.class).config()).isEqualTo(new SchedulerConfig(3, 16,
                        Duration.ofSeconds(7), Duration.ofMillis(250), Duration.ofSeconds(2)).withMaxBlockingThreads(8)));
    }

    @Test
    void aNegativeMaxBlockingThreadsStopsStartupNamingTheProperty() {
        runner.withPropertyValues("actor.scheduler.max-blocking-threads=-1")
                .run(context -> assertThat(context).getFailure()
                        .hasRootCauseInstanceOf(ActorConfigurationException.class)
                        .rootCause().hasMessageContaining("actor.scheduler.max-blocking-threads"));
    }

    @Test
    void theSchedulerIsClosedWithTheContext() {
        Scheduler[] scheduler = new Scheduler[1];
        runner.run(context -> scheduler[0] = context.getBean(Scheduler.class));
        assertThat(scheduler[0].isClosed()).isTrue();
    }

    @Test
    void aSchedulerBeanOfTheApplicationWinsAndRunsTheProcesses() {
        shop.withUserConfiguration(UserScheduler.class).withPropertyValues("actor.scheduler.throughput=99").run(context -> {
            assertThat(context).hasSingleBean(Scheduler.class).hasBean("myScheduler").doesNotHaveBean("actorScheduler");
            Scheduler scheduler = context.getBean(Scheduler.class);
            assertThat(scheduler.config().throughput()).isEqualTo(7);
            assertThat(scheduler.whereis("counter")).isPresent();
        });
    }

    @Test
    void processClassesAreFoundWithoutComponentAndAreNotBeansThemselves() {
        shop.run(context -> {
            assertThat(context).hasBean("counterRef").hasBean("ledgerRef").hasBean("gatewayRef");
            assertThat(context).doesNotHaveBean(Counter.class).doesNotHaveBean(Ledger.class);
            assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(ProcessRef.class, Counter.class)))
                    .containsExactly("counterRef");
        });
    }

    @Test
    void refsAreInjectedByGenericTypeAndByName() {
        shop.withBean(Shopkeeper.class).run(context -> {
            Shopkeeper shopkeeper = context.getBean(Shopkeeper.class);
            assertThat(shopkeeper.counter).isSameAs(context.getBean("counterRef"));
            assertThat(shopkeeper.ledger).isSameAs(context.getBean("ledgerRef"));
            assertThat(shopkeeper.gateway).isSameAs(context.getBean("gatewayRef"));
            assertThat(shopkeeper.all).hasSize(3);

            shopkeeper.counter.send(new Increment(2));
            shopkeeper.counter.send(new Increment(3));
            int count = shopkeeper.counter.call(new Get());
            assertThat(count).isEqualTo(5);
        });
    }

    @Test
    void aProcessGetsAnyBeanAndOtherRefsByConstructorInjection() {
        shop.run(context -> {
            ProcessRef<Ledger> ledger = ref(context.getBean("ledgerRef"));
            Journal journal = context.getBean(Journal.class);

            ledger.send(new Entry("milk"));

            await().atMost(5, SECONDS).until(() -> journal.entries().contains("gateway milk"));
        });
    }

    @Test
    void aCrashedProcessRestartsAsAFreshInstanceBehindTheSameRef() {
        shop.run(context -> {
            ProcessRef<Counter> counter = ref(context.getBean("counterRef"));
            counter.send(new Increment(5));
            Pid first = counter.pid();

            counter.send(new Crash());
            counter.send(new Increment(1));         // waits for the next incarnation

            await().atMost(5, SECONDS).until(() -> counter.isAlive() && !counter.pid().equals(first));
            int count = counter.call(new Get());
            assertThat(count).isEqualTo(1);         // fresh state, nothing lost after the crash
            assertThat(context.getBean(Journal.class).startingWith("start counter")).hasSize(2);
        });
    }

    @Test
    void eachIncarnationIsRegisteredUnderTheProcessName() {
        shop.run(context -> {
            Scheduler scheduler = context.getBean(Scheduler.class);
            ProcessRef<Counter> counter = ref(context.getBean("counterRef"));
            assertThat(scheduler.whereis("counter")).hasValueSatisfying(p -> assertThat(p.pid()).isEqualTo(counter.pid()));

            scheduler.send("counter", new Increment(4));

            int count = counter.call(new Get());
            assertThat(count).isEqualTo(4);
        });
    }

    @Test
    void undeclaredProcessesRunUnderTheDefaultRootInAlphabeticalOrder() {
        shop.run(context -> {
            ProcessTree tree = context.getBean(ProcessTree.class);
            assertThat(tree.plan().roots()).singleElement().satisfies(root -> {
                assertThat(root.name()).isEqualTo(SupervisionPlan.DEFAULT_ROOT);
                assertThat(root.children()).extracting(SupervisionPlan.Node::name).containsExactly("counter", "gateway", "ledger");
            });
            assertThat(context.getBean(Journal.class).startingWith("start"))
                    .containsExactly("start counter", "start gateway", "start ledger");
        });
    }

    @Test
    void withoutAutoConfigurationPackagesThereAreNoProcesses() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ProcessTree.class);
            assertThat(context.getBeanNamesForType(ProcessRef.class)).isEmpty();
            assertThat(context.getBean(ProcessTree.class).plan().roots()).isEmpty();
        });
    }

    @Test
    void aBeanOfTheApplicationNamedLikeARefWins() {
        shop.withBean("counterRef", String.class, () -> "mine").run(context -> {
            assertThat(context.getBean("counterRef")).isEqualTo("mine");
            assertThat(context.getBean(Scheduler.class).whereis("counter")).isPresent();   // the process still runs
        });
    }

    @Test
    void theProcessesStopWithTheContextAndTheirRefsReportIt() {
        ProcessRef<?>[] counter = new ProcessRef<?>[1];
        shop.run(context -> counter[0] = ref(context.getBean("counterRef")));

        assertThat(counter[0].isAlive()).isFalse();
        assertThat(counter[0].termination()).isCompletedWithValue(ExitReason.SHUTDOWN);
    }

    @Test
    void refsKeepWorkingAfterTheLedgerCrashes() {
        shop.run(context -> {
            ProcessRef<Ledger> ledger = ref(context.getBean("ledgerRef"));
            ledger.send(new Entry("a"));
            ledger.send(new Crash());
            ledger.send(new Entry("b"));

            await().atMost(5, SECONDS).untilAsserted(() ->
                    assertThat(ledger.<List<String>>call(new Entries())).containsExactly("b"));
        });
    }

    @SuppressWarnings("unchecked")
    static <T> ProcessRef<T> ref(Object bean) {
        return (ProcessRef<T>) bean;
    }
}
