package dev.actorkit.autoconfigure;

import static dev.actorkit.autoconfigure.ActorAutoConfigurationTest.ref;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.DeadLetter;
import dev.actorkit.ExitReason;
import dev.actorkit.MailboxConfig;
import dev.actorkit.MailboxFullException;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.autoconfigure.ActorAutoConfigurationTest.ShopApplication;
import dev.actorkit.autoconfigure.SupervisionPlan.ProcessNode;
import dev.actorkit.autoconfigure.SupervisionPlan.SupervisorNode;
import dev.actorkit.autoconfigure.fixtures.Journal;
import dev.actorkit.autoconfigure.fixtures.shop.Counter;
import dev.actorkit.autoconfigure.fixtures.shop.Gateway;
import dev.actorkit.autoconfigure.fixtures.shop.Ledger;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Crash;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Entries;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Entry;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Get;
import dev.actorkit.autoconfigure.fixtures.shop.Messages.Increment;
import dev.actorkit.supervisor.Restart;
import dev.actorkit.supervisor.Shutdown;
import dev.actorkit.supervisor.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The tree of DESIGN §5, declared in {@code tree.yml}, run with the shop fixture's processes. */
class SupervisionTreeTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class))
            .withUserConfiguration(ShopApplication.class)
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withPropertyValues("spring.config.location=classpath:tree.yml");

    @Test
    void theYamlTreeIsBuiltAsDeclared() {
        runner.run(context -> {
            SupervisionPlan plan = context.getBean(ProcessTree.class).plan();
            assertThat(plan.roots()).singleElement().satisfies(root -> {
                assertThat(root.name()).isEqualTo("root");
                assertThat(root.strategy()).isEqualTo(Strategy.ONE_FOR_ONE);
                assertThat(root.maxRestarts()).isEqualTo(3);
                assertThat(root.within()).isEqualTo(Duration.ofSeconds(5));
                assertThat(root.children()).extracting(SupervisionPlan.Node::name).containsExactly("counter", "payments");
                assertThat(root.children().get(0)).isEqualTo(new ProcessNode("counter", Counter.class, Restart.PERMANENT,
                        Shutdown.timeout(Duration.ofSeconds(2)), MailboxConfig.bounded(100, MailboxConfig.Overflow.REJECT)));
                assertThat(root.children().get(1)).isInstanceOfSatisfying(SupervisorNode.class, payments -> {
                    assertThat(payments.strategy()).isEqualTo(Strategy.REST_FOR_ONE);
                    assertThat(payments.children()).extracting(SupervisionPlan.Node::name).containsExactly("ledger", "gateway");
                });
            });
        });
    }

    @Test
    void childrenStartInDeclarationOrderAndStopInReverse() {
        Journal[] journal = new Journal[1];
        runner.run(context -> {
            journal[0] = context.getBean(Journal.class);
            assertThat(journal[0].startingWith("start")).containsExactly("start counter", "start ledger", "start gateway");
        });
        assertThat(journal[0].startingWith("stop")).containsExactly("stop gateway", "stop ledger", "stop counter");
    }

    @Test
    void stoppingTheTreeDrainsEachProcessWhileThoseItSendsToStillRunAndLeavesNoDeadLetters() {
        Queue<DeadLetter> deadLetters = new ConcurrentLinkedQueue<>();
        Journal[] journal = new Journal[1];
        // The ledger sends to the gateway, so it comes after it, as in OTP: it stops first.
        runner.withPropertyValues("actor.supervision.payments.children=gateway,ledger").run(context -> {
            context.getBean(Scheduler.class).onDeadLetter(deadLetters::add);
            journal[0] = context.getBean(Journal.class);
            ProcessRef<Ledger> ledger = ref(context.getBean("ledgerRef"));
            for (int i = 0; i < 100; i++) {
                ledger.send(new Entry("entry " + i));
            }
        });

        assertThat(journal[0].startingWith("gateway entry")).hasSize(100);
        assertThat(journal[0].startingWith("st")).containsExactly("start counter", "start gateway", "start ledger",
                "stop ledger", "stop gateway", "stop counter");
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void aNestedRestForOneSupervisorRestartsTheChildrenAfterTheOneThatCrashed() {
        runner.run(context -> {
            Journal journal = context.getBean(Journal.class);
            ProcessRef<Ledger> ledger = ref(context.getBean("ledgerRef"));
            ProcessRef<Gateway> gateway = ref(context.getBean("gatewayRef"));
            ProcessRef<Counter> counter = ref(context.getBean("counterRef"));
            Pid counterPid = counter.pid();
            Pid gatewayPid = gateway.pid();

            ledger.send(new Crash());

            await().atMost(5, SECONDS).until(() -> gateway.isAlive() && !gateway.pid().equals(gatewayPid));
            assertThat(journal.entries()).containsSubsequence("stop gateway", "start ledger", "start gateway");
            assertThat(counter.pid()).isEqualTo(counterPid);          // the other branch is untouched
            ledger.send(new Entry("after"));
            await().atMost(5, SECONDS).until(() -> journal.entries().contains("gateway after"));
        });
    }

    @Test
    void whenANestedSupervisorGivesUpItsParentRestartsItAndTheRefsFollow() {
        runner.withPropertyValues("actor.supervision.payments.max-restarts=0").run(context -> {
            Journal journal = context.getBean(Journal.class);
            ProcessRef<Ledger> ledger = ref(context.getBean("ledgerRef"));
            ledger.send(new Entry("before"));
            assertThat(ledger.<List<String>>call(new Entries())).containsExactly("before");
            Pid first = ledger.pid();

            ledger.send(new Crash());               // payments gives up; root restarts it with new children

            await().atMost(5, SECONDS).untilAsserted(() -> {
                assertThat(ledger.isAlive()).isTrue();
                assertThat(ledger.pid()).isNotEqualTo(first);
                assertThat(ledger.<List<String>>call(new Entries())).isEmpty();
            });
            ledger.send(new Entry("after"));
            await().atMost(5, SECONDS).until(() -> journal.entries().contains("gateway after"));
        });
    }

    @Test
    void aProcessThatNoSupervisorListsRunsUnderTheDefaultRootWhichStartsFirst() {
        runner.withPropertyValues("actor.supervision.payments.children=ledger").run(context -> {
            SupervisionPlan plan = context.getBean(ProcessTree.class).plan();
            assertThat(plan.roots()).extracting(SupervisorNode::name).containsExactly(SupervisionPlan.DEFAULT_ROOT, "root");
            assertThat(plan.roots().get(0).children()).extracting(SupervisionPlan.Node::name).containsExactly("gateway");
            assertThat(context.getBean(Journal.class).startingWith("start"))
                    .containsExactly("start gateway", "start counter", "start ledger");
        });
    }

    @Test
    void anInjectedRefCanBeMonitoredAndItsMonitorFollowsTheIncarnationAsInOtp() {
        runner.run(context -> {
            ProcessRef<Counter> counter = ref(context.getBean("counterRef"));
            Scheduler scheduler = context.getBean(Scheduler.class);
            Pid first = counter.pid();
            java.util.concurrent.BlockingQueue<Object> seen = new java.util.concurrent.LinkedBlockingQueue<>();
            ProcessRef<Object> watcher = scheduler.spawn(ctx -> {
                ctx.monitor(counter);                      // the injected ref itself
                seen.add("monitoring");
                seen.add(ctx.receive());
            });
            assertThat(seen.poll(5, SECONDS)).isEqualTo("monitoring");

            counter.send(new Crash());

            Object down = seen.poll(5, SECONDS);
            assertThat(down).isInstanceOfSatisfying(dev.actorkit.Down.class,
                    d -> assertThat(d.reason()).isInstanceOf(ExitReason.Error.class));
            await().atMost(java.time.Duration.ofSeconds(5)).until(() -> counter.isAlive() && !counter.pid().equals(first));
            assertThat(scheduler.info(counter)).isPresent();
            assertThat(watcher.termination().get(5, SECONDS)).isEqualTo(ExitReason.NORMAL);
        });
    }

    @Test
    void aTemporaryProcessIsNotRestarted() {
        runner.withPropertyValues("actor.processes.counter.restart=temporary").run(context -> {
            ProcessRef<Counter> counter = ref(context.getBean("counterRef"));

            counter.send(new Crash());

            assertThat(counter.termination().get(5, SECONDS)).isInstanceOf(ExitReason.Error.class);
            assertThat(counter.isAlive()).isFalse();
        });
    }

    @Test
    void aTemporaryProcessInANestedSupervisorIsNotRestarted() {
        runner.withPropertyValues("actor.processes.gateway.restart=temporary").run(context -> {
            ProcessRef<Gateway> gateway = ref(context.getBean("gatewayRef"));
            ProcessRef<Ledger> ledger = ref(context.getBean("ledgerRef"));
            Pid ledgerPid = ledger.pid();

            gateway.send(new Crash());

            await().atMost(5, SECONDS).until(() -> !gateway.isAlive());
            assertThat(ledger.pid()).isEqualTo(ledgerPid);       // rest-for-one: nothing after the gateway
            assertThat(gateway.termination()).isNotDone();       // for a nested process: when its root ends
        });
    }

    @Test
    void aBoundedMailboxFromTheYamlAppliesBeforeTheStartToo() {
        runner.withPropertyValues("actor.processes.counter.mailbox.capacity=2").run(context -> {
            ProcessRef<Counter> counter = ref(context.getBean("counterRef"));
            int count = counter.call(new Get());
            assertThat(count).isZero();
        });
        // Before the start, a ref keeps at most the capacity of the mailbox.
        SupervisedProcessRef<Counter> early = new SupervisedProcessRef<>("counter", MailboxConfig.bounded(2,
                MailboxConfig.Overflow.DROP_OLDEST));
        early.send(new Increment(1));
        early.send(new Increment(2));
        assertThatThrownBy(() -> early.send(new Increment(3))).isInstanceOf(MailboxFullException.class)
                .hasMessageContaining("process 'counter' has not started yet");
    }

    @Test
    void theIntensityOfTheRootComesFromTheYaml() {
        runner.withPropertyValues("actor.supervision.root.max-restarts=1", "actor.supervision.root.within=1m").run(context -> {
            ProcessRef<Counter> counter = ref(context.getBean("counterRef"));
            Pid first = counter.pid();
            counter.send(new Crash());
            await().atMost(5, SECONDS).until(() -> counter.isAlive() && !counter.pid().equals(first));

            counter.send(new Crash());              // the second restart within a minute: root gives up

            await().atMost(5, SECONDS).until(() -> counter.termination().isDone());
            assertThat(counter.isAlive()).isFalse();
        });
    }
}
