package dev.actorkit.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// tag::imports[]
import dev.actorkit.Call;
import dev.actorkit.ExitReason;
import dev.actorkit.NameTakenException;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
// end::imports[]
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/names.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NamesGuideTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    // tag::messages[]
    record Put(String key, String value) { }
    record Get(String key) { }
    // end::messages[]

    private ProcessRef<Object> idle() {
        return scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });
    }

    @Test
    void aNamedKeyValueStore() {
        // tag::kv[]
        ProcessRef<Object> kv = scheduler.spawn(ctx -> {
            Map<String, String> store = new HashMap<>();
            while (true) {
                switch (ctx.receive()) {
                    case Put put -> store.put(put.key(), put.value());
                    case Call call when call.request() instanceof Get get -> call.reply(store.get(get.key()));
                    default -> { }
                }
            }
        });
        scheduler.register("kv", kv);                           // register(kv, Pid)

        scheduler.send("kv", new Put("milk", "1"));             // kv ! {put, milk, 1}
        String milk = scheduler.whereis("kv").orElseThrow().call(new Get("milk"));

        assertThat(milk).isEqualTo("1");
        assertThat(scheduler.registered()).containsExactly("kv");
        // end::kv[]
    }

    @Test
    void aNameHasOneHolder() {
        // tag::taken[]
        ProcessRef<Object> first = idle();
        ProcessRef<Object> second = idle();
        scheduler.register("cache", first);

        assertThatThrownBy(() -> scheduler.register("cache", second))
                .isInstanceOfSatisfying(NameTakenException.class,
                        e -> assertThat(e.holder()).isEqualTo(first));
        assertThatThrownBy(() -> scheduler.send("no-such-name", "hello"))
                .isInstanceOf(NoProcessException.class);        // badarg, unlike a send to a ref
        // end::taken[]
    }

    @Test
    void aNameIsReleasedWhenItsProcessExits() throws Exception {
        // tag::released[]
        ProcessRef<Object> first = idle();
        scheduler.register("cache", first);

        scheduler.exit(first, ExitReason.KILL);
        first.termination().get(5, SECONDS);
        assertThat(scheduler.whereis("cache")).isEmpty();

        ProcessRef<Object> second = idle();
        scheduler.register("cache", second);                    // the name is free again
        assertThat(scheduler.whereis("cache")).contains(second);
        assertThat(scheduler.unregister("cache")).isTrue();     // unregister(cache)
        // end::released[]
    }
}
