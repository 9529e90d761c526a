package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.autoconfigure.ProcessesEndpoint.NodeDescriptor;
import dev.actorkit.autoconfigure.ProcessesEndpoint.ProcessDescriptor;
import dev.actorkit.autoconfigure.ProcessesEndpoint.ProcessesDescriptor;
import dev.actorkit.autoconfigure.ProcessesEndpoint.SupervisorDescriptor;
import dev.actorkit.autoconfigure.fixtures.actuate.Clerk;
import dev.actorkit.autoconfigure.fixtures.actuate.Desk.Crash;
import dev.actorkit.autoconfigure.fixtures.actuate.Desk.Hold;
import dev.actorkit.autoconfigure.fixtures.actuate.Desk.Ping;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The processes endpoint: when it is there, and what it shows of the actuated fixture's tree (actuated.yml). */
class ProcessesEndpointTest {

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Clerk.class)
    static class Actuated {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class, ProcessesEndpointAutoConfiguration.class,
                    EndpointAutoConfiguration.class))
            .withUserConfiguration(Actuated.class)
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withPropertyValues("spring.config.location=classpath:actuated.yml");

    private static ProcessesEndpoint endpoint(AssertableApplicationContext context) {
        return context.getBean(ProcessesEndpoint.class);
    }

    @SuppressWarnings("unchecked")
    private static ProcessRef<Object> ref(AssertableApplicationContext context, String name) {
        return context.getBean(name + "Ref", ProcessRef.class);
    }

    private static ProcessDescriptor process(ProcessesEndpoint endpoint, String name) {
        NodeDescriptor node = endpoint.process(name);
        assertThat(node).as("process '%s'", name).isInstanceOf(ProcessDescriptor.class);
        return (ProcessDescriptor) node;
    }

    // ---- conditions ----

    @Test
    void theEndpointIsThereWhenItIsExposed() {
        runner.run(context -> assertThat(context).hasSingleBean(ProcessesEndpoint.class));
    }

    @Test
    void theEndpointBacksOffWhenItIsNotExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context -> assertThat(context).doesNotHaveBean(ProcessesEndpoint.class));
    }

    @Test
    void theEndpointBacksOffWhenItsAccessIsNone() {
        runner.withPropertyValues("management.endpoint.processes.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(ProcessesEndpoint.class));
    }

    @Test
    void withoutActuatorOnTheClassPathTheEndpointBacksOffAndTheProcessesStillRun() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class, ProcessesEndpointAutoConfiguration.class))
                .withUserConfiguration(Actuated.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ProcessesEndpoint.class);
                    assertThat(ref(context, "clerk").<String>call(new Ping())).isEqualTo("pong");
                });
    }

    // ---- what it shows ----

    @Test
    void theTreeListsEachSupervisorWithItsStrategyAndChildrenInStartOrder() {
        runner.run(context -> {
            ProcessesDescriptor tree = endpoint(context).processes();

            assertThat(tree.supervisors()).extracting(SupervisorDescriptor::name).containsExactly("front", "fragile");
            SupervisorDescriptor front = tree.supervisors().getFirst();
            assertThat(front.strategy()).isEqualTo("one-for-one");
            assertThat(front.maxRestarts()).isEqualTo(3);
            assertThat(front.within()).isEqualTo("PT5S");
            assertThat(front.status()).isEqualTo("running");
            assertThat(front.pid()).matches("<0\\.\\d+\\.0>");
            assertThat(front.children()).extracting(NodeDescriptor::name).containsExactly("clerk", "back");
            SupervisorDescriptor back = (SupervisorDescriptor) front.children().get(1);
            assertThat(back.strategy()).isEqualTo("rest-for-one");
            assertThat(back.children()).extracting(NodeDescriptor::name).containsExactly("archive");
        });
    }

    @Test
    void eachProcessShowsItsPidStatusMailboxAndRestarts() {
        runner.run(context -> {
            ProcessRef<Object> clerk = ref(context, "clerk");
            assertThat(clerk.<String>call(new Ping())).isEqualTo("pong");

            // The caller has its reply just before the clerk has finished its turn: wait for it to be idle.
            await().atMost(Duration.ofSeconds(5)).until(() -> process(endpoint(context), "clerk").status().equals("waiting"));
            ProcessDescriptor described = process(endpoint(context), "clerk");

            assertThat(described.pid()).isEqualTo(clerk.pid().toString());
            assertThat(described.status()).isEqualTo("waiting");
            assertThat(described.mailboxSize()).isZero();
            assertThat(described.restarts()).isZero();
            assertThat(described.currentMessageType()).isNull();
            assertThat(described.messagesHandled()).isEqualTo(1);
        });
    }

    @Test
    void aCrashedProcessShowsOneRestartAndItsNewPid() {
        runner.run(context -> {
            ProcessRef<Object> archive = ref(context, "archive");
            String before = archive.pid().toString();

            archive.send(new Crash());

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                ProcessDescriptor described = process(endpoint(context), "archive");
                assertThat(described.restarts()).isEqualTo(1);
                assertThat(described.pid()).isNotNull().isNotEqualTo(before);
            });
        });
    }

    @Test
    void aNestedSupervisorRestartedByItsParentShowsItsRestarts() {
        runner.withPropertyValues("actor.supervision.back.max-restarts=0").run(context -> {
            ref(context, "archive").send(new Crash());     // back gives up; front restarts it

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                NodeDescriptor back = endpoint(context).process("back");
                assertThat(back).isInstanceOfSatisfying(SupervisorDescriptor.class, supervisor -> {
                    assertThat(supervisor.restarts()).isEqualTo(1);
                    assertThat(supervisor.status()).isEqualTo("running");
                });
            });
        });
    }

    @Test
    void aProcessBusyWithAMessageShowsItsType() {
        runner.run(context -> {
            CountDownLatch release = new CountDownLatch(1);
            ref(context, "clerk").send(new Hold(release));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                ProcessDescriptor described = process(endpoint(context), "clerk");
                assertThat(described.status()).isEqualTo("running");
                assertThat(described.currentMessageType()).isEqualTo(Hold.class.getName());
            });
            release.countDown();
        });
    }

    @Test
    void aRootThatGaveUpIsShownAsGivenUpWithItsChildrenStopped() {
        runner.run(context -> {
            ref(context, "fuse").send(new Crash());

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                SupervisorDescriptor fragile = endpoint(context).processes().supervisors().get(1);
                assertThat(fragile.status()).isEqualTo("gave-up");
                assertThat(fragile.pid()).isNull();
                assertThat(fragile.children()).singleElement().extracting(NodeDescriptor::name).isEqualTo("fuse");
                assertThat(((ProcessDescriptor) fragile.children().getFirst()).status()).isEqualTo("stopped");
            });
        });
    }

    @Test
    void processesOutsideTheTreeAreCountedAsUnsupervised() {
        runner.run(context -> {
            Scheduler scheduler = context.getBean(Scheduler.class);
            int before = endpoint(context).processes().processes().unsupervised();
            ProcessRef<Object> loner = scheduler.spawn(ctx -> ctx.receive());

            ProcessesDescriptor tree = endpoint(context).processes();

            assertThat(tree.processes().unsupervised()).isEqualTo(before + 1);
            // front, clerk, the process holding back, back, archive, fragile, fuse
            assertThat(tree.processes().supervised()).isEqualTo(7);
            loner.send("stop");
        });
    }

    @Test
    void aRegisteredProcessOutsideTheTreeIsFoundByItsName() {
        runner.run(context -> {
            Scheduler scheduler = context.getBean(Scheduler.class);
            ProcessRef<Object> loner = scheduler.spawn(ctx -> ctx.receive());
            scheduler.register("loner", loner);

            assertThat(endpoint(context).process("loner")).isInstanceOfSatisfying(ProcessDescriptor.class,
                    described -> assertThat(described.pid()).isEqualTo(loner.pid().toString()));
            loner.send("stop");
        });
    }

    @Test
    void anUnknownNameIsNull() {
        runner.run(context -> assertThat(endpoint(context).process("nobody")).isNull());
    }

    @Test
    void aDynamicSupervisorDeclaredInPropertiesListsItsChildrenByProcessNameAndKey() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class,
                        ProcessesEndpointAutoConfiguration.class, EndpointAutoConfiguration.class))
                .withUserConfiguration(DynamicProcessesTest.BucketApplication.class)
                .withPropertyValues("actor.supervision.root.children=buckets,tracker",
                        "actor.supervision.buckets.strategy=dynamic", "actor.supervision.buckets.process=bucket",
                        "actor.supervision.buckets.max-restarts=7",
                        "management.endpoints.web.exposure.include=processes")
                .run(context -> {
                    DynamicProcesses<?> buckets = context.getBean("bucketsProcesses", DynamicProcesses.class);
                    ProcessRef<?> milk = buckets.getOrStart("milk");
                    ProcessRef<?> eggs = buckets.getOrStart("eggs");
                    ProcessRef<?> unkeyed = buckets.start();

                    NodeDescriptor node = endpoint(context).process("buckets");

                    assertThat(node).isInstanceOfSatisfying(SupervisorDescriptor.class, supervisor -> {
                        assertThat(supervisor.strategy()).isEqualTo("dynamic");
                        assertThat(supervisor.maxRestarts()).isEqualTo(7);
                        assertThat(supervisor.children()).hasSize(3)
                                .allSatisfy(child -> assertThat(child).isInstanceOf(ProcessDescriptor.class))
                                .extracting(child -> ((ProcessDescriptor) child).pid() + " " + child.name() + " "
                                        + ((ProcessDescriptor) child).key())
                                .containsExactlyInAnyOrder(milk.pid() + " bucket milk", eggs.pid() + " bucket eggs",
                                        unkeyed.pid() + " bucket null");
                    });
                    assertThat(endpoint(context).process("bucket:milk")).isInstanceOfSatisfying(ProcessDescriptor.class,
                            process -> assertThat(process.pid()).isEqualTo(milk.pid().toString()));
                });
    }
}
