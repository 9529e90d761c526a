package dev.actorkit.cluster;

import dev.actorkit.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

/**
 * Nodes in this JVM on JGroups' shared-memory transport, each with its own scheduler, through the
 * expert's {@code customStack} hook. A node can be cut off from the others (DISCARD drops all its traffic)
 * and joined again. Close it after the test.
 */
public final class LoopbackNodes implements AutoCloseable {

    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    /** Heartbeat timeout of these stacks: a cut-off node is suspected after it. */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(1500);

    private final String clusterName = "loopback-" + CLUSTERS.incrementAndGet();
    private final List<Scheduler> schedulers = new ArrayList<>();
    private final List<Cluster> nodes = new ArrayList<>();
    private final Map<Cluster, DISCARD> discards = new ConcurrentHashMap<>();
    private final Map<Cluster, Scheduler> schedulerOf = new ConcurrentHashMap<>();
    private final Map<Cluster, Gate> gates = new ConcurrentHashMap<>();
    private final long flowControlCredits;

    /** Nodes with JGroups' usual flow-control window (a few MB per sender). */
    public LoopbackNodes() {
        this(4_000_000);
    }

    /** Nodes whose flow control lets a sender run only {@code flowControlCredits} bytes ahead of a receiver. */
    public LoopbackNodes(long flowControlCredits) {
        this.flowControlCredits = flowControlCredits;
    }

    /** Starts a node that allows the test messages. */
    public Cluster start(String name) {
        return start(name, builder -> builder.allow(TestMessages.ALLOWED));
    }

    public Cluster start(String name, UnaryOperator<ClusterConfig.Builder> settings) {
        Scheduler scheduler = Scheduler.create();
        schedulers.add(scheduler);
        DISCARD discard = new DISCARD();
        Gate gate = new Gate();
        ClusterConfig config = settings.apply(ClusterConfig.builder(name).clusterName(clusterName)
                .customStack(() -> stack(discard, gate, flowControlCredits))).build();
        Cluster node = Cluster.start(scheduler, config);
        nodes.add(node);
        discards.put(node, discard);
        schedulerOf.put(node, scheduler);
        gates.put(node, gate);
        return node;
    }

    public Scheduler scheduler(Cluster node) {
        return schedulerOf.get(node);
    }

    /** Drops every message to and from {@code node}, as a cable pulled out would. */
    public void cutOff(Cluster node) {
        discards.get(node).discardAll(true);
    }

    public void reconnect(Cluster node) {
        discards.get(node).discardAll(false);
    }

    /** The gate at the top of {@code node}'s stack, to stop its receiving side. */
    public Gate gate(Cluster node) {
        return gates.get(node);
    }

    private static List<Protocol> stack(DISCARD discard, Gate gate, long flowControlCredits) {
        List<Protocol> stack = new ArrayList<>();
        stack.add(new SHARED_LOOPBACK());
        stack.add(discard);
        stack.add(new SHARED_LOOPBACK_PING());
        stack.add(new MERGE3().setValue("min_interval", 500L).setValue("max_interval", 1000L));
        stack.add(new FD_ALL3().setTimeout(HEARTBEAT_TIMEOUT.toMillis()).setInterval(200));
        stack.add(new VERIFY_SUSPECT2().setTimeout(300));
        stack.add(new NAKACK2());
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        stack.add(new GMS().setValue("join_timeout", 500L).setValue("print_local_addr", false));
        stack.add(new UFC().setMaxCredits(flowControlCredits));
        stack.add(new FRAG4());
        stack.add(gate);
        return stack;
    }

    @Override
    public void close() {
        gates.values().forEach(Gate::openAll);
        nodes.forEach(Cluster::close);
        schedulers.forEach(Scheduler::close);
    }
}
