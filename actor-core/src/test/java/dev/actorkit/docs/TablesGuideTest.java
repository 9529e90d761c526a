package dev.actorkit.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

// tag::imports[]
import dev.actorkit.ExitReason;
import dev.actorkit.NotInProcessException;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.Table;
import dev.actorkit.TableDeletedException;
import dev.actorkit.TableTransfer;
import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
// end::imports[]
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/tables.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TablesGuideTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(200));
    }

    // tag::prices[]
    record SetPrice(String item, int cents) { }
    record GetTable() { }

    @Process
    class Prices {
        private Table<String, Integer> table;

        @Init
        void init(ProcessContext ctx) {
            table = Table.create(ctx.self(), Table.Access.PROTECTED);  // ets:new(prices, [protected])
        }

        @Receive
        void on(SetPrice set) {
            table.put(set.item(), set.cents());                        // the owner writes
        }

        @Receive
        Table<String, Integer> on(GetTable get) {
            return table;
        }
    }
    // end::prices[]

    @Test
    void anyoneReadsAProtectedTableWithoutAMessage() {
        // tag::read[]
        ProcessRef<Prices> prices = scheduler.spawn(Prices::new);
        Table<String, Integer> table = prices.call(new GetTable());

        prices.call(new SetPrice("milk", 120));                  // a write: a message to the owner
        Integer milk = table.get("milk");                        // a read: straight from the table

        assertThat(milk).isEqualTo(120);
        assertThatThrownBy(() -> table.put("milk", 1))           // only the owner writes
                .isInstanceOf(NotInProcessException.class);
        // end::read[]
    }

    @Test
    void anyoneWritesAPublicTableAndItGoesWithItsOwner() {
        // tag::public[]
        ProcessRef<Object> owner = scheduler.spawn(ctx -> {
            ctx.receive();                                       // lives until its first message
        });
        Table<String, Long> hits = Table.create(owner, Table.Access.PUBLIC);  // ets:new(hits, [public])

        hits.update("/home", n -> n == null ? 1L : n + 1);       // ets:update_counter, from any thread
        hits.update("/home", n -> n == null ? 1L : n + 1);

        assertThat(hits.get("/home")).isEqualTo(2L);
        // end::public[]

        // tag::deleted[]
        scheduler.exit(owner, ExitReason.KILL);

        await().atMost(5, SECONDS).until(hits::isDeleted);
        assertThatThrownBy(() -> hits.get("/home"))              // ets:lookup on a deleted table: badarg
                .isInstanceOf(TableDeletedException.class);
        // end::deleted[]
    }

    // tag::keeper[]
    record Done() { }

    @Process
    class Keeper {
        private Table<String, Integer> inherited;

        @Receive
        @SuppressWarnings("unchecked")
        void on(TableTransfer transfer) {                        // {'ETS-TRANSFER', Tab, FromPid, HeirData}
            inherited = (Table<String, Integer>) transfer.table();
            inherited.update("done", n -> n + 1);                // the keeper owns it now
        }

        @Receive
        Integer on(Done done) {
            return inherited == null ? null : inherited.get("done");
        }
    }
    // end::keeper[]

    @Test
    void anHeirTakesTheTableOverWhenItsOwnerExits() {
        // tag::heir[]
        ProcessRef<Keeper> keeper = scheduler.spawn(Keeper::new);
        scheduler.spawn(ctx -> {
            Table<String, Integer> table = Table.create(ctx.self(), Table.Access.PROTECTED, keeper, "counts");
            table.put("done", 41);
        });                                                      // the body returns: the owner exits

        await().atMost(5, SECONDS)
                .untilAsserted(() -> assertThat(keeper.<Integer>call(new Done())).isEqualTo(42));
        // end::heir[]
    }

    @Test
    void theOwnerGivesTheTableAway() {
        // tag::give-away[]
        ProcessRef<Keeper> keeper = scheduler.spawn(Keeper::new);
        scheduler.spawn(ctx -> {
            Table<String, Integer> table = Table.create(ctx.self(), Table.Access.PROTECTED);
            table.put("done", 41);
            table.giveAway(keeper, "yours now");                 // ets:give_away(Tab, Keeper, Data)
            ctx.receive();                                       // still alive, no longer the owner
        });

        await().atMost(5, SECONDS)
                .untilAsserted(() -> assertThat(keeper.<Integer>call(new Done())).isEqualTo(42));
        // end::give-away[]
    }
}
