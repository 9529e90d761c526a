package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ArrayReference;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.ClassType;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.LaunchingConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.MethodEntryEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.MethodEntryRequest;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cause of {@code RejectedExecutionException: Queue capacity exceeded} in the fork-join throughput
 * benchmark (issue 7), replayed step by step under a debugger rather than waited for.
 *
 * <p>A pool thread steals a task by reading a slot, checking the queue's index, and compare-and-swapping
 * the slot from what it read to null. The test stops a pool thread right before that swap, on the queue of
 * a thread that feeds a process from outside, and lets the other thread run until the queue has gone once
 * round its array and the same process is queued in the same slot again. When the process itself is the
 * task, the stopped thread's swap then succeeds, it writes back its old index, and the queue seems full:
 * the next submission is rejected. The test checks that this cannot happen any more.
 *
 * <p>It knows the pool of JDK 25: the steal's swap is made in {@code ForkJoinPool.runWorker}, with locals
 * {@code q}, {@code b} and {@code a}. On a JDK whose pool looks different it is skipped.
 */
@Timeout(120)
class StalledThiefTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void aPoolThreadStoppedMidStealCannotTakeTheSameProcessQueuedAgainInItsSlot() throws Exception {
        assumeThat(java.lang.Runtime.version().feature()).as("a JDK whose pool steals in runWorker").isGreaterThanOrEqualTo(25);
        VirtualMachine vm = launch();
        CompletableFuture<String> output = collect(vm.process().getInputStream());
        collect(vm.process().getErrorStream());
        try {
            EventRequestManager requests = vm.eventRequestManager();
            BreakpointRequest ready = requests.createBreakpointRequest(
                    vm.classesByName(StalledThiefDebuggee.class.getName()).getFirst().methodsByName("ready").getFirst().location());
            ready.enable();
            vm.resume();
            ThreadReference thief = null;
            MethodEntryRequest swaps = null;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (thief == null && System.nanoTime() < deadline) {
                EventSet events = vm.eventQueue().remove(1000);
                if (events == null) {
                    continue;
                }
                boolean keepSuspended = false;
                for (Event event : events) {
                    if (event instanceof BreakpointEvent) {
                        // The program runs: from now on, stop each thread that enters a compare-and-swap of a reference.
                        ready.disable();
                        swaps = requests.createMethodEntryRequest();
                        swaps.addClassFilter("jdk.internal.misc.Unsafe");
                        swaps.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                        swaps.enable();
                    } else if (event instanceof MethodEntryEvent entry && thief == null && stealsFromSubmissionQueue(entry)) {
                        swaps.disable();
                        thief = entry.thread();
                        steer(vm, thief.frame(1));
                        keepSuspended = true;
                    } else if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                        throw new AssertionError("the program ended early:\n" + output.getNow(""));
                    }
                }
                if (!keepSuspended) {
                    events.resume();
                }
            }
            resumeWhateverElseStops(vm);
            assumeThat(thief).as("a pool thread stealing from a submission queue in ForkJoinPool.runWorker").isNotNull();
            ClassType program = (ClassType) vm.classesByName(StalledThiefDebuggee.class.getName()).getFirst();
            Awaitility.await().atMost(DEADLINE).until(() -> intField(program, "phase") == 2);
            program.setValue(program.fieldByName("phase"), vm.mirrorOf(3));
            thief.resume();

            String printed = output.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(printed).as("what the program did").contains("thief stopped at index", "the thief's slot", "thief resumed");
            assertThat(printed).contains("next submission accepted").doesNotContain("rejected");
            assertThat(queuedAfterResume(printed)).as("submissions queued after the thief went on").isLessThanOrEqualTo(3);
        } finally {
            vm.process().destroyForcibly();
        }
    }

    /** Starts the program suspended, under this test's debugger, with this test's class path. */
    private static VirtualMachine launch() throws Exception {
        LaunchingConnector connector = Bootstrap.virtualMachineManager().defaultConnector();
        Map<String, Connector.Argument> arguments = connector.defaultArguments();
        arguments.get("main").setValue(StalledThiefDebuggee.class.getName());
        arguments.get("options").setValue("-cp " + System.getProperty("java.class.path")
                + " --add-opens java.base/java.util.concurrent=ALL-UNNAMED");
        VirtualMachine vm = connector.launch(arguments);
        // Hold the program once its class is loaded, so that the breakpoint in it is set before it runs.
        var prepare = vm.eventRequestManager().createClassPrepareRequest();
        prepare.addClassFilter(StalledThiefDebuggee.class.getName());
        prepare.enable();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            EventSet events = vm.eventQueue().remove(1000);
            if (events == null) {
                continue;
            }
            if (events.stream().anyMatch(event -> event instanceof ClassPrepareEvent)) {
                prepare.disable();
                return vm;
            }
            events.resume();
        }
        vm.process().destroyForcibly();
        throw new AssertionError("the program did not start within " + DEADLINE);
    }

    /**
     * Events that were already on their way when the method-entry request was turned off suspend their
     * threads: resume them, on a thread of its own, until the program ends.
     */
    private static void resumeWhateverElseStops(VirtualMachine vm) {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                for (;;) {
                    EventSet events = vm.eventQueue().remove();
                    if (events.stream().anyMatch(event -> event instanceof VMDisconnectEvent)) {
                        return;
                    }
                    events.resume();
                }
            } catch (InterruptedException | com.sun.jdi.VMDisconnectedException ended) {
                // the program has ended
            }
        });
    }

    /** A pool thread about to swap a slot of a submission queue (one no worker owns) in {@code runWorker}. */
    private static boolean stealsFromSubmissionQueue(MethodEntryEvent entry) {
        try {
            if (!entry.method().name().equals("compareAndSetReference") || entry.thread().frameCount() < 2) {
                return false;
            }
            StackFrame caller = entry.thread().frame(1);
            if (!caller.location().method().name().equals("runWorker")
                    || !caller.location().declaringType().name().equals("java.util.concurrent.ForkJoinPool")) {
                return false;
            }
            ObjectReference queue = (ObjectReference) caller.getValue(caller.visibleVariableByName("q"));
            return queue.getValue(queue.referenceType().fieldByName("owner")) == null;
        } catch (AbsentInformationException | com.sun.jdi.IncompatibleThreadStateException noLocals) {
            return false;
        }
    }

    /** Tells the program which queue, index and capacity the stopped thread read. */
    private static void steer(VirtualMachine vm, StackFrame runWorker) throws Exception {
        LocalVariable q = runWorker.visibleVariableByName("q");
        LocalVariable b = runWorker.visibleVariableByName("b");
        LocalVariable a = runWorker.visibleVariableByName("a");
        ClassType program = (ClassType) vm.classesByName(StalledThiefDebuggee.class.getName()).getFirst();
        program.setValue(program.fieldByName("queue"), runWorker.getValue(q));
        program.setValue(program.fieldByName("thiefIndex"), runWorker.getValue(b));
        program.setValue(program.fieldByName("capacity"), vm.mirrorOf(((ArrayReference) runWorker.getValue(a)).length()));
        program.setValue(program.fieldByName("phase"), vm.mirrorOf(1));
    }

    private static int intField(ClassType type, String name) {
        return ((IntegerValue) type.getValue(type.fieldByName(name))).value();
    }

    private static long queuedAfterResume(String printed) {
        String marker = "submissions queued: ";
        int at = printed.indexOf(marker);
        assertThat(at).as("the program printed the queued submissions").isNotNegative();
        return Long.parseLong(printed.substring(at + marker.length()).lines().findFirst().orElseThrow().trim());
    }

    /** Everything {@code stream} prints until it ends, read on a thread of its own. */
    private static CompletableFuture<String> collect(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> Thread.ofPlatform().daemon().start(runnable));
    }
}
