package dev.actorkit.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

// tag::imports[]
import dev.actorkit.Call;
import dev.actorkit.ExitReason;
import dev.actorkit.NameTakenException;
import dev.actorkit.ProcessName;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.registry.Registry;
// end::imports[]
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/registry.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryGuideTest {

    private final Scheduler scheduler = Scheduler.create();
    private final Registry<String> accounts = Registry.unique(scheduler);

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(200));
    }

    // tag::messages[]
    record Deposit(long cents) { }
    record Balance() { }
    record OrderPlaced(String id) { }
    // end::messages[]

    // tag::account[]
    /** An account: a process that holds a balance. */
    private ProcessRef<Object> openAccount() {
        return scheduler.spawn(ctx -> {
            long balance = 0;
            while (true) {
                switch (ctx.receive()) {
                    case Deposit deposit -> balance += deposit.cents();
                    case Call call when call.request() instanceof Balance -> call.reply(balance);
                    default -> { }
                }
            }
        });
    }
    // end::account[]

    @Test
    void aUniqueRegistryFindsAProcessByItsKey() {
        // tag::unique[]
        Registry<String> accounts = Registry.unique(scheduler);  // Registry.start_link(keys: :unique, ...)
        ProcessRef<Object> alice = openAccount();
        accounts.register("alice", alice);                       // Registry.register(Accounts, "alice", nil)

        accounts.whereis("alice").orElseThrow().send(new Deposit(500));
        long balance = accounts.whereis("alice").orElseThrow().call(new Balance());

        assertThat(balance).isEqualTo(500);
        assertThat(accounts.lookup("alice")).containsExactly(new Registry.Entry(alice, null));
        assertThat(accounts.keys(alice)).containsExactly("alice");
        // end::unique[]
    }

    @Test
    void aUniqueKeyHasOneHolder() {
        // tag::taken[]
        ProcessRef<Object> first = openAccount();
        ProcessRef<Object> second = openAccount();
        accounts.register("alice", first);

        assertThatThrownBy(() -> accounts.register("alice", second))  // {:error, {:already_registered, pid}}
                .isInstanceOfSatisfying(NameTakenException.class,
                        e -> assertThat(e.holder()).isEqualTo(first));
        // end::taken[]
    }

    @Test
    void anEntryIsRemovedWhenItsOwnerExits() throws Exception {
        // tag::cleanup[]
        ProcessRef<Object> alice = openAccount();
        accounts.register("alice", alice);

        scheduler.exit(alice, ExitReason.KILL);
        alice.termination().get(5, SECONDS);

        assertThat(accounts.whereis("alice")).isEmpty();         // no unregister needed
        accounts.register("alice", openAccount());               // the key is free again
        // end::cleanup[]
        assertThat(accounts.count()).isEqualTo(1);
    }

    @Test
    void aDuplicateRegistryIsAPubSubTopic() {
        // tag::pubsub[]
        Registry<String> topics = Registry.duplicate(scheduler);
        List<String> deliveries = new CopyOnWriteArrayList<>();
        for (String team : List.of("billing", "shipping")) {
            ProcessRef<Object> subscriber = scheduler.spawn(ctx -> {
                while (true) {
                    if (ctx.receive() instanceof OrderPlaced order) {
                        deliveries.add(team + " saw order " + order.id());
                    }
                }
            });
            topics.register("orders", subscriber, team);          // the value: any data, here a label
        }

        topics.dispatch("orders", entry -> entry.process().send(new OrderPlaced("42")));

        await().atMost(5, SECONDS).until(() -> deliveries.size() == 2);
        assertThat(deliveries).containsExactlyInAnyOrder("billing saw order 42", "shipping saw order 42");
        assertThat(topics.lookup("orders")).extracting(Registry.Entry::value).containsExactly("billing", "shipping");
        // end::pubsub[]
    }

    @Test
    void viaNamesAProcessThroughTheRegistry() {
        // tag::via[]
        ProcessName bob = accounts.via("bob");                    // {:via, Registry, {Accounts, "bob"}}
        bob.register(scheduler, openAccount());                   // what a supervisor does at each (re)start

        accounts.whereis("bob").orElseThrow().send(new Deposit(100));
        long balance = accounts.whereis("bob").orElseThrow().call(new Balance());

        assertThat(balance).isEqualTo(100);
        // end::via[]
    }
}
