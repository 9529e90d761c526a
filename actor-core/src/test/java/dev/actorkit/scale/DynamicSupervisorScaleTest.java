package dev.actorkit.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.ExitReason;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.DynamicSupervisor;
import dev.actorkit.supervisor.DynamicSupervisorSpec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures, not asserts, a dynamic supervisor with many children: start time, heap per child, and the
 * time to shut them all down. Tagged {@code scale}, skipped by the default build; run it with
 * {@code ./mvnw -B -pl actor-core test -Dactorkit.excludedGroups=none -Dtest=DynamicSupervisorScaleTest}.
 */
@Tag("scale")
class DynamicSupervisorScaleTest {

    private static final int CHILDREN = Integer.getInteger("actorkit.scale.children", 100_000);

    @Process
    static class Idle {
        @Receive
        void on(Object message) {
        }
    }

    @Test
    void aDynamicSupervisorStartsAndStopsAHundredThousandChildren() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            DynamicSupervisor supervisor = DynamicSupervisor.start(scheduler, DynamicSupervisorSpec.defaults());
            long heapBefore = usedHeapAfterGc();
            long start = System.nanoTime();
            List<ProcessRef<Object>> children = new ArrayList<>(CHILDREN);
            ChildSpec spec = ChildSpec.worker("idle", Idle::new);
            for (int i = 0; i < CHILDREN; i++) {
                children.add(supervisor.startChild(spec));
            }
            long startNanos = System.nanoTime() - start;
            long heapAfter = usedHeapAfterGc();
            assertThat(supervisor.countChildren().active()).isEqualTo(CHILDREN);

            long stop = System.nanoTime();
            supervisor.stop();
            long stopNanos = System.nanoTime() - stop;
            assertThat(children.get(CHILDREN - 1).termination().get(1, TimeUnit.MINUTES)).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(children).noneMatch(ProcessRef::isAlive);

            System.out.printf("%n[scale] dynamic supervisor, %,d children: started in %.0f ms (%.0f children/s), "
                            + "%.0f bytes of heap per child, all shut down in %.0f ms%n",
                    CHILDREN, startNanos / 1e6, CHILDREN / (startNanos / 1e9), (heapAfter - heapBefore) / (double) CHILDREN,
                    stopNanos / 1e6);
        }
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
