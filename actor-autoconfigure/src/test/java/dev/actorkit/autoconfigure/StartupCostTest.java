package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.ProcessRef;
import dev.actorkit.autoconfigure.fixtures.hundred.Hundred;
import dev.actorkit.autoconfigure.fixtures.hundred.Hundred.Ping;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Measures (prints, never asserts) what 100 {@code @Process} classes add to an application's start-up
 * and shutdown: the same context with and without them, then the parts: the class-path scan, starting
 * the tree, stopping it.
 */
class StartupCostTest {

    private static final int RUNS = 9;

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Hundred.class)
    static class HundredProcesses {
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackages = "dev.actorkit.autoconfigure.fixtures.nothing")
    static class NoProcesses {
    }

    @Test
    void theStartUpCostOfOneHundredProcessesIsMeasured() {
        try (AnnotationConfigApplicationContext context = context(HundredProcesses.class)) {
            context.refresh();
            String[] refs = context.getBeanNamesForType(ProcessRef.class);
            assertThat(refs).hasSize(100);
            for (String name : refs) {
                ProcessRef<?> ref = (ProcessRef<?>) context.getBean(name);
                assertThat(ref.<Integer>call(new Ping())).isBetween(0, 99);
            }
        }

        Timings without = measure(NoProcesses.class);
        Timings with = measure(HundredProcesses.class);
        long[] scan = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            new ProcessBeanRegistrar().scan(List.of(Hundred.class.getPackageName()));
            scan[i] = System.nanoTime() - start;
        }
        System.out.printf("start-up cost of 100 @Process classes, medians of %d runs: refresh %.1f ms with them, %.1f ms"
                        + " without (+%.1f ms), of which the class-path scan %.1f ms and starting the tree %.1f ms;"
                        + " close %.1f ms with them, %.1f ms without (+%.1f ms), of which stopping the tree %.1f ms%n",
                RUNS, millis(median(with.refresh)), millis(median(without.refresh)),
                millis(median(with.refresh) - median(without.refresh)), millis(median(scan)), millis(median(with.treeStart)),
                millis(median(with.close)), millis(median(without.close)), millis(median(with.close) - median(without.close)),
                millis(median(with.treeStop)));
    }

    private record Timings(long[] refresh, long[] close, long[] treeStart, long[] treeStop) {
    }

    private static Timings measure(Class<?> application) {
        Timings timings = new Timings(new long[RUNS], new long[RUNS], new long[RUNS], new long[RUNS]);
        for (int i = -1; i < RUNS; i++) {                     // run -1 warms up
            AnnotationConfigApplicationContext context = context(application);
            long start = System.nanoTime();
            context.refresh();
            long refreshed = System.nanoTime();
            ProcessTree tree = context.getBean(ProcessTree.class);
            context.close();
            long closed = System.nanoTime();
            if (i >= 0) {
                timings.refresh[i] = refreshed - start;
                timings.close[i] = closed - refreshed;
                timings.treeStart[i] = tree.lastStart().toNanos();
                timings.treeStop[i] = tree.lastStop().toNanos();
            }
        }
        return timings;
    }

    private static AnnotationConfigApplicationContext context(Class<?> application) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.register(application, ActorAutoConfiguration.class);
        return context;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
