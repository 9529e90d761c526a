package dev.actorkit.autoconfigure;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.ExitReason;
import dev.actorkit.ProcessRef;
import dev.actorkit.autoconfigure.fixtures.Journal;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket.Crash;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket.Get;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket.Put;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket.WhoAmI;
import dev.actorkit.supervisor.SupervisorException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

/** Per-entity processes: a dynamic supervisor declared in properties, its children by key. */
class DynamicProcessesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class))
            .withUserConfiguration(BucketApplication.class)
            .withPropertyValues("actor.supervision.root.children=buckets,tracker",
                    "actor.supervision.buckets.strategy=dynamic", "actor.supervision.buckets.process=bucket");

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Bucket.class)
    static class BucketApplication {
        @Bean
        Journal journal() {
            return new Journal();
        }

        @Bean
        Shelf shelf() {
            return new Shelf();
        }
    }

    /** A bean that gets the buckets injected by generic type and by name. */
    static class Shelf {
        @Autowired
        DynamicProcesses<Bucket> buckets;
        @Autowired
        @Qualifier("bucketsProcesses")
        DynamicProcesses<?> byName;
    }

    private static DynamicProcesses<Bucket> buckets(org.springframework.context.ApplicationContext context) {
        return context.getBean(Shelf.class).buckets;
    }

    @Test
    void theDynamicProcessesAreInjectedByGenericTypeAndByName() {
        runner.run(context -> {
            Shelf shelf = context.getBean(Shelf.class);
            assertThat(shelf.buckets).isSameAs(shelf.byName);
            assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(DynamicProcesses.class, Bucket.class)))
                    .containsExactly("bucketsProcesses");
        });
    }

    @Test
    void theProcessOfADynamicSupervisorHasNoRefBean() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(ProcessRef.class, Bucket.class)))
                    .isEmpty();
            assertThat(context).hasBean("trackerRef");
        });
    }

    @Test
    void startRunsANewChildEachTime() {
        runner.run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            ProcessRef<Bucket> first = buckets.start();
            ProcessRef<Bucket> second = buckets.start();

            assertThat(first.pid()).isNotEqualTo(second.pid());
            first.send(new Put("milk", 1));
            assertThat(first.<Integer>call(new Get("milk"))).isEqualTo(1);
            assertThat(second.<Integer>call(new Get("milk"))).isNull();
            assertThat(buckets.count()).isEqualTo(2);
            assertThat(buckets.keys()).isEmpty();
        });
    }

    @Test
    void getOrStartTwiceForOneKeyReturnsTheSameProcess() {
        runner.run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            ProcessRef<Bucket> shopping = buckets.getOrStart("shopping");
            shopping.send(new Put("milk", 1));

            ProcessRef<Bucket> again = buckets.getOrStart("shopping");

            assertThat(again.pid()).isEqualTo(shopping.pid());
            assertThat(again.<Integer>call(new Get("milk"))).isEqualTo(1);
            assertThat(buckets.getOrStart("work").pid()).isNotEqualTo(shopping.pid());
            assertThat(buckets.keys()).containsExactlyInAnyOrder("shopping", "work");
            assertThat(buckets.count()).isEqualTo(2);
        });
    }

    @Test
    void theChildKnowsItsKey() {
        runner.run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);

            assertThat(buckets.getOrStart("shopping").<String>call(new WhoAmI())).isEqualTo("shopping");
            assertThat(buckets.start().<String>call(new WhoAmI())).isEqualTo("no key");
        });
    }

    @Test
    void concurrentGetOrStartForOneKeyStartsOneProcess() {
        runner.run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            int threads = 8;
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                Callable<ProcessRef<Bucket>> getOrStart = () -> {
                    go.await();
                    return buckets.getOrStart("shared");
                };
                List<Future<ProcessRef<Bucket>>> refs = IntStream.range(0, threads).mapToObj(i -> pool.submit(getOrStart)).toList();
                go.countDown();
                List<Object> pids = refs.stream().map(ref -> (Object) join(ref).pid()).distinct().toList();

                assertThat(pids).hasSize(1);
            }
            assertThat(buckets.count()).isEqualTo(1);
            assertThat(context.getBean(Journal.class).startingWith("start shared")).hasSize(1);
        });
    }

    @Test
    void findReturnsTheChildOfAKeyWithoutStartingOne() {
        runner.run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            assertThat(buckets.find("shopping")).isEmpty();
            assertThat(buckets.count()).isZero();

            ProcessRef<Bucket> shopping = buckets.getOrStart("shopping");

            assertThat(buckets.find("shopping")).hasValueSatisfying(found -> assertThat(found.pid()).isEqualTo(shopping.pid()));
        });
    }

    @Test
    void stopByKeyStopsTheChildAndFreesTheKey() {
        runner.run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            ProcessRef<Bucket> shopping = buckets.getOrStart("shopping");
            shopping.send(new Put("milk", 1));

            assertThat(buckets.stop("shopping")).isTrue();

            assertThat(shopping.isAlive()).isFalse();
            assertThat(buckets.keys()).isEmpty();
            assertThat(buckets.count()).isZero();
            assertThat(buckets.stop("shopping")).isFalse();
            ProcessRef<Bucket> fresh = buckets.getOrStart("shopping");
            assertThat(fresh.pid()).isNotEqualTo(shopping.pid());
            assertThat(fresh.<Integer>call(new Get("milk"))).isNull();
        });
    }

    @Test
    void stopByRefStopsAKeyedOrUnkeyedChild() {
        runner.run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            ProcessRef<Bucket> keyed = buckets.getOrStart("shopping");
            ProcessRef<Bucket> unkeyed = buckets.start();

            assertThat(buckets.stop(keyed)).isTrue();
            assertThat(buckets.stop(unkeyed)).isTrue();

            assertThat(buckets.count()).isZero();
            assertThat(buckets.keys()).isEmpty();
            assertThat(buckets.stop(unkeyed)).isFalse();
            assertThat(buckets.stop(context.getBean("trackerRef", ProcessRef.class))).isFalse();
        });
    }

    @Test
    void aPermanentKeyedChildThatCrashesIsRestartedUnderItsKey() {
        runner.run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            ProcessRef<Bucket> shopping = buckets.getOrStart("shopping");
            var first = shopping.pid();

            shopping.send(new Crash());

            await().atMost(5, SECONDS).until(() -> shopping.isAlive() && !shopping.pid().equals(first));
            assertThat(buckets.keys()).containsExactly("shopping");
            assertThat(buckets.getOrStart("shopping").pid()).isEqualTo(shopping.pid());
            assertThat(shopping.<String>call(new WhoAmI())).isEqualTo("shopping");
        });
    }

    @Test
    void aTemporaryKeyedChildThatCrashesFreesItsKey() {
        runner.withPropertyValues("actor.processes.bucket.restart=temporary").run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            ProcessRef<Bucket> shopping = buckets.getOrStart("shopping");

            shopping.send(new Crash());

            assertThat(shopping.termination().get(5, SECONDS)).matches(reason -> !reason.isNormal());
            await().atMost(5, SECONDS).until(() -> buckets.keys().isEmpty() && buckets.count() == 0);
            assertThat(buckets.getOrStart("shopping").isAlive()).isTrue();
        });
    }

    @Test
    void startBeyondMaxChildrenIsRejectedWithTheSettingToChange() {
        runner.withPropertyValues("actor.supervision.buckets.max-children=2").run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            buckets.getOrStart("a");
            buckets.start();

            assertThatThrownBy(() -> buckets.getOrStart("c"))
                    .isInstanceOfSatisfying(SupervisorException.class,
                            e -> assertThat(e.reason()).isEqualTo(SupervisorException.Reason.MAX_CHILDREN))
                    .hasMessageContaining("dynamic supervisor 'buckets' already runs its maximum of 2 children")
                    .hasMessageContaining("for key 'c'")
                    .hasMessageContaining("actor.supervision.buckets.max-children");
            assertThat(buckets.keys()).containsExactly("a");
            assertThat(buckets.find("c")).isEmpty();
        });
    }

    private static <V> V join(Future<V> future) {
        try {
            return future.get(10, SECONDS);
        } catch (Exception failed) {
            throw new AssertionError(failed);
        }
    }
}
