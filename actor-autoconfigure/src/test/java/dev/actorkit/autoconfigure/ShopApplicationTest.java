package dev.actorkit.autoconfigure;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.MailboxConfig;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
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
import dev.actorkit.autoconfigure.fixtures.shop.ShopApplication;
import dev.actorkit.supervisor.Strategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The whole application, as users run it: the starter's auto-configuration, application-shop.yml, injected refs. */
@SpringBootTest(classes = ShopApplication.class)
@ActiveProfiles("shop")
class ShopApplicationTest {

    @Autowired
    ProcessRef<Counter> counter;

    @Autowired
    ProcessRef<Ledger> ledger;

    @Autowired
    ProcessRef<Gateway> gateway;

    @Autowired
    Journal journal;

    @Autowired
    Scheduler scheduler;

    @Autowired
    ProcessTree tree;

    @Test
    void theTreeAndTheSchedulerComeFromApplicationYml() {
        assertThat(scheduler.config().parallelism()).isEqualTo(2);
        SupervisorNode root = tree.plan().roots().getFirst();
        assertThat(root.children()).extracting(SupervisionPlan.Node::name).containsExactly("counter", "payments");
        SupervisorNode payments = (SupervisorNode) root.children().get(1);
        assertThat(payments.strategy()).isEqualTo(Strategy.REST_FOR_ONE);
        assertThat(payments.maxRestarts()).isEqualTo(5);
        assertThat(payments.within()).isEqualTo(Duration.ofSeconds(10));
        assertThat(((ProcessNode) payments.children().getFirst()).mailbox())
                .isEqualTo(MailboxConfig.bounded(1000, MailboxConfig.Overflow.BLOCK).withBlockTimeout(Duration.ofSeconds(1)));
        assertThat(journal.startingWith("start")).startsWith("start counter", "start ledger", "start gateway");
    }

    @Test
    void anInjectedRefKeepsWorkingWhenItsProcessCrashesAndRestarts() {
        counter.send(new Increment(3));
        int before = counter.call(new Get());
        assertThat(before).isGreaterThanOrEqualTo(3);
        Pid first = counter.pid();

        counter.send(new Crash());
        counter.send(new Increment(2));                  // kept for the next incarnation

        await().atMost(5, SECONDS).until(() -> counter.isAlive() && !counter.pid().equals(first));
        int after = counter.call(new Get());
        assertThat(after).isEqualTo(2);                  // a fresh instance from the bean factory
    }

    @Test
    void aCrashInTheNestedSupervisorRestartsTheLedgerAndTheGatewayAfterIt() {
        Pid gatewayBefore = gateway.pid();
        ledger.send(new Entry("tea"));

        ledger.send(new Crash());
        ledger.send(new Entry("cake"));

        await().atMost(5, SECONDS).until(() -> gateway.isAlive() && !gateway.pid().equals(gatewayBefore));
        await().atMost(5, SECONDS).untilAsserted(() ->
                assertThat(ledger.<List<String>>call(new Entries())).containsExactly("cake"));
        await().atMost(5, SECONDS).until(() -> journal.entries().contains("gateway cake"));
    }
}
