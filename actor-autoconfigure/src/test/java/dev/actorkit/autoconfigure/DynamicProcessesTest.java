package dev.actorkit.autoconfigure;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.DeadLetter;
import dev.actorkit.ExitReason;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.autoconfigure.fixtures.Journal;
import dev.actorkit.autoconfigure.fixtures.Tally;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket.Crash;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket.Get;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket.Note;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket.Put;
import dev.actorkit.autoconfigure.fixtures.buckets.Bucket.WhoAmI;
import dev.actorkit.supervisor.SupervisorException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
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

        @Bean
        Tally notes() {
            return new Tally();
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

    @Test
    void aKeyedChildIdleForTheIdleTimeoutIsStoppedAndTheNextGetOrStartStartsANewOne() {
        runner.withPropertyValues("actor.supervision.buckets.idle-timeout=200ms").run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            Journal journal = context.getBean(Journal.class);
            ProcessRef<Bucket> shopping = buckets.getOrStart("shopping");
            shopping.send(new Put("milk", 1));
            var first = shopping.pid();

            await().atMost(5, SECONDS).until(() -> buckets.keys().isEmpty());

            assertThat(shopping.isAlive()).isFalse();
            assertThat(buckets.count()).isZero();
            assertThat(buckets.find("shopping")).isEmpty();
            ProcessRef<Bucket> again = buckets.getOrStart("shopping");
            assertThat(again.pid()).isNotEqualTo(first);
            assertThat(again.<Integer>call(new Get("milk"))).isNull();
            assertThat(journal.startingWith("start shopping")).hasSize(2);
        });
    }

    @Test
    void aRefFromGetOrStartStartsTheKeysNextChildWhenItsChildWasPassivated() {
        runner.withPropertyValues("actor.supervision.buckets.idle-timeout=200ms").run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            ProcessRef<Bucket> shopping = buckets.getOrStart("shopping");
            var first = shopping.pid();
            await().atMost(5, SECONDS).until(() -> buckets.keys().isEmpty());
            assertThat(shopping.isAlive()).isFalse();

            shopping.send(new Put("milk", 2));

            assertThat(shopping.<Integer>call(new Get("milk"))).isEqualTo(2);
            assertThat(shopping.pid()).isNotEqualTo(first);
            assertThat(shopping.isAlive()).isTrue();
            assertThat(buckets.keys()).containsExactly("shopping");
            assertThat(buckets.getOrStart("shopping").pid()).isEqualTo(shopping.pid());
        });
    }

    @Test
    void noMessageSentThroughAKeyedRefIsLostWhilePassivationsHappen() {
        int senders = 4;
        int each = 500;
        runner.withPropertyValues("actor.supervision.buckets.idle-timeout=1ms").run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            Tally notes = context.getBean(Tally.class);
            List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
            context.getBean(Scheduler.class).onDeadLetter(deadLetters::add);
            ProcessRef<Bucket> shared = buckets.getOrStart("shared");
            try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
                for (int s = 0; s < senders; s++) {
                    pool.execute(() -> {
                        for (int i = 0; i < each; i++) {
                            shared.send(new Note(i));
                            Thread.yield();      // gaps, so that the child falls idle now and then
                        }
                    });
                }
            }

            await().atMost(20, SECONDS).until(() -> notes.get() == senders * each);
            assertThat(deadLetters).isEmpty();
            System.out.printf("key 'shared' started %d times while %d notes were sent%n",
                    context.getBean(Journal.class).startingWith("start shared").size(), senders * each);
        });
    }

    @Test
    void unkeyedChildrenAreNotPassivated() {
        runner.withPropertyValues("actor.supervision.buckets.idle-timeout=200ms").run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            ProcessRef<Bucket> unkeyed = buckets.start();
            buckets.getOrStart("shopping");

            await().atMost(5, SECONDS).until(() -> buckets.keys().isEmpty());

            assertThat(unkeyed.isAlive()).isTrue();
            assertThat(buckets.count()).isEqualTo(1);
        });
    }

    @Test
    void messagesAcceptedBeforeShutdownAreHandledAndTheChildrenStop() {
        int keys = 3;
        int each = 1_500;
        List<Tally> notes = new CopyOnWriteArrayList<>();
        List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        List<ProcessRef<Bucket>> children = new CopyOnWriteArrayList<>();
        runner.run(context -> {
            notes.add(context.getBean(Tally.class));
            context.getBean(Scheduler.class).onDeadLetter(deadLetters::add);
            DynamicProcesses<Bucket> buckets = buckets(context);
            for (int k = 0; k < keys; k++) {
                children.add(buckets.getOrStart("key" + k));
            }
            for (int i = 0; i < each; i++) {
                for (ProcessRef<Bucket> child : children) {
                    child.send(new Note(i));
                }
            }
        });                                          // the context closes here, with a backlog

        assertThat(notes.get(0).get()).isEqualTo(keys * each);
        assertThat(deadLetters).isEmpty();
        assertThat(children).noneMatch(ProcessRef::isAlive);
    }

    @Test
    void afterTheTreeHasStoppedGetOrStartSaysSo() {
        List<DynamicProcesses<Bucket>> kept = new CopyOnWriteArrayList<>();
        runner.run(context -> kept.add(buckets(context)));

        assertThatThrownBy(() -> kept.get(0).getOrStart("late")).isInstanceOf(NoProcessException.class)
                .hasMessage("dynamic supervisor 'buckets' is not running: the supervision tree has stopped.");
    }

    @Test
    void whenTheDynamicSupervisorGivesUpItsParentRestartsItAndKeysStartAfresh() {
        runner.withPropertyValues("actor.supervision.buckets.max-restarts=0").run(context -> {
            DynamicProcesses<Bucket> buckets = buckets(context);
            ProcessRef<Bucket> shopping = buckets.getOrStart("shopping");
            buckets.getOrStart("work");

            shopping.send(new Crash());                  // one restart is more than 0: the supervisor gives up

            assertThat(shopping.termination().get(5, SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
            await().atMost(5, SECONDS).ignoreExceptions().until(() -> buckets.getOrStart("shopping").isAlive());
            assertThat(buckets.keys()).containsExactly("shopping");
            assertThat(buckets.getOrStart("shopping").<String>call(new WhoAmI())).isEqualTo("shopping");
        });
    }

    @Test
    void aProcessKeyInjectedIntoAnotherBeanFailsItsCreationSayingWhere() {
        runner.withBean(KeyHolder.class).run(context -> assertThat(context).hasFailed().getFailure()
                .rootCause().hasMessageContaining("a ProcessKey is injected only into a process that a dynamic supervisor"
                        + " starts (DynamicProcesses.getOrStart)"));
    }

    /** Not a process: it cannot have a key. */
    record KeyHolder(ProcessKey key) {
    }

    private static <V> V join(Future<V> future) {
        try {
            return future.get(10, SECONDS);
        } catch (Exception failed) {
            throw new AssertionError(failed);
        }
    }
}
