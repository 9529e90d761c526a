package dev.actorkit;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The program {@link StalledThiefTest} debugs. Its main thread feeds one process from outside, as the
 * fork-join throughput benchmark does, until the debugger has stopped a pool thread inside a steal from
 * this thread's submission queue. Then it lines the queue up so that the same process is queued again
 * in the very slot the stopped thread read, and the debugger lets that thread go on. The debugger steers
 * it through the static fields. It prints what happened, one line per step, and "next submission
 * accepted" or "next submission rejected" at the end.
 */
final class StalledThiefDebuggee {

    /** 0: feeding; 1: the debugger stopped a thief and set the fields below; 2: lined up; 3: thief resumed. */
    static volatile int phase;
    /** The submission queue the stopped thief was reading (a ForkJoinPool.WorkQueue). */
    static volatile Object queue;
    /** The index the thief read, and the capacity of the queue's array then. */
    static volatile int thiefIndex;
    static volatile int capacity;

    private StalledThiefDebuggee() {
    }

    record Ping() {
    }

    record Step(CountDownLatch done) {
    }

    record Block(CountDownLatch started, CountDownLatch release) {
    }

    @Process
    static class Target {
        @Receive
        void on(Ping ping) {
        }
    }

    @Process
    static class Filler {
        @Receive
        void on(Step step) {
            step.done().countDown();
        }
    }

    @Process
    static class Blocker {
        @Receive
        void on(Block block) throws InterruptedException {
            block.started().countDown();
            block.release().await();
        }
    }

    /** The debugger stops here first, to start watching the pool only once the program runs. */
    static void ready() {
    }

    public static void main(String[] args) throws Exception {
        // Two threads: one the debugger stops, one that runs everything else.
        Scheduler scheduler = Scheduler.create(SchedulerConfig.defaults().withParallelism(2)
                .withSlowHandlerThreshold(Duration.ofMinutes(5)));
        ProcessRef<Target> target = scheduler.spawn(Target::new);
        ProcessRef<Filler> filler = scheduler.spawn(Filler::new);
        ProcessRef<Blocker> blocker = scheduler.spawn(Blocker::new);
        ForkJoinPool pool = (ForkJoinPool) field(scheduler.getClass(), "pool").get(scheduler);
        ready();
        Ping ping = new Ping();
        while (phase == 0) {
            target.send(ping);
        }
        Field top = field(queue.getClass(), "top");
        System.out.println("thief stopped at index " + thiefIndex + " of a submission queue of capacity " + capacity);

        // The other worker may be parked: the task the thief was about to take is still at the head of the
        // queue, so later submissions behind it do not wake anybody. Wake it, and let it drain the target.
        Method signalWork = ForkJoinPool.class.getDeclaredMethod("signalWork");
        signalWork.setAccessible(true);
        signalWork.invoke(pool);
        awaitIdle(scheduler, target);

        // Fillers, one submission each, until the next submission lands one slot before the thief's slot
        // comes round again.
        int landAt = thiefIndex + capacity;
        while (landAt - 1 < top.getInt(queue)) {
            landAt += capacity;
        }
        while (top.getInt(queue) < landAt - 1) {
            Step step = new Step(new CountDownLatch(1));
            filler.send(step);
            step.done().await();
            awaitIdle(scheduler, filler);
        }
        // The blocker takes the slot before and holds the other worker, so nothing takes the target from
        // the thief's slot but the thief.
        Block block = new Block(new CountDownLatch(1), new CountDownLatch(1));
        blocker.send(block);
        block.started().await();
        target.send(ping);
        int queuedAt = top.getInt(queue) - 1;
        System.out.println("target queued again at index " + queuedAt + (queuedAt == landAt ? ", the thief's slot" : ", not the thief's slot"));
        phase = 2;
        spinUntil(() -> phase == 3);
        awaitIdle(scheduler, target);
        System.out.println("thief resumed; submissions queued: " + pool.getQueuedSubmissionCount());
        try {
            filler.send(new Step(new CountDownLatch(1)));
            System.out.println("next submission accepted");
        } catch (RejectedExecutionException e) {
            System.out.println("next submission rejected: " + e.getMessage());
        }
        block.release().countDown();
        scheduler.close(Duration.ofSeconds(1));
        System.exit(0);
    }

    private static void awaitIdle(Scheduler scheduler, ProcessRef<?> process) {
        spinUntil(() -> scheduler.info(process).map(info -> info.status() == ProcessStatus.WAITING && info.mailboxSize() == 0)
                .orElse(false));
    }

    /** This program has no clock to race: the debugging test bounds the whole run. */
    private static void spinUntil(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            Thread.onSpinWait();
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
