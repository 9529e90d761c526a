package dev.actorkit.cluster.internal;

import dev.actorkit.CallTimeoutException;
import dev.actorkit.Down;
import dev.actorkit.ExitReason;
import dev.actorkit.MonitorRef;
import dev.actorkit.NoProcessException;
import dev.actorkit.Pid;
import dev.actorkit.ProcessExitException;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.UnhandledMessageException;
import dev.actorkit.cluster.Cluster;
import dev.actorkit.cluster.ClusterConfig;
import dev.actorkit.cluster.GlobalNames;
import dev.actorkit.cluster.NodeEvent;
import dev.actorkit.cluster.NodeId;
import dev.actorkit.cluster.ProcessGroups;
import dev.actorkit.cluster.RemoteCallException;
import dev.actorkit.cluster.RemoteDeadLetter;
import dev.actorkit.cluster.RemoteError;
import dev.actorkit.cluster.internal.Frame.WirePid;
import dev.actorkit.cluster.internal.Frame.WireReason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jgroups.stack.Protocol;
import org.jgroups.util.DefaultSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * The node: turns engine views and frames into node events, remote sends, calls and watches, and keeps
 * the tables behind global names and process groups.
 *
 * <p>Concurrency: the engine delivers frames from one peer one at a time and in order; frames to one peer
 * are queued in order under that {@link Peer}'s lock and sent by its own sender thread, so no caller waits
 * for the network. Views, greetings and the work waiting for a node's greeting (auto-connect) are handled
 * under {@code viewLock}; that work is queued to the new peer before the peer becomes visible, so it goes
 * out before anything sent later. Every other table is a concurrent map; a peer is marked down once, under
 * its lock, and only then are its calls failed and its watches fired, so nothing registered with it can be
 * missed.
 */
public final class ClusterNode implements Cluster, Engine.Listener, WireCodec.Refs {

    private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());
    private static final long ACK_EVERY = 256;

    final Scheduler scheduler;
    final ClusterConfig config;
    private final NodeId self;
    private final Engine engine;
    final WireCodec codec;
    private final ScheduledExecutorService timers;

    private final Object viewLock = new Object();
    private volatile List<Engine.Member> view = List.of();
    /** Greetings from members not (yet) in this node's view, e.g. from the other side of a merge. */
    private final Map<Engine.Member, Frame.Hello> earlyHellos = new ConcurrentHashMap<>();
    private final Map<Engine.Member, Peer> peersByMember = new ConcurrentHashMap<>();
    private final Map<String, Peer> peersByName = new ConcurrentHashMap<>();
    /**
     * Auto-connect: work for a node incarnation that is in the view but has not greeted this node yet (its
     * ref came inside a message), run in order when its greeting arrives; guarded by {@code viewLock}.
     */
    private final Map<NodeId, List<AwaitingGreeting>> awaitingGreeting = new java.util.HashMap<>();

    /** What to do with a node's peer once it has greeted, or if it does not within the heartbeat timeout. */
    private record AwaitingGreeting(Consumer<Peer> onConnect, Runnable onGiveUp) {
    }

    private final Map<NodeId, Integer> nodeIndex = new ConcurrentHashMap<>();
    private final AtomicInteger nextNodeIndex = new AtomicInteger(1);

    private final Map<Pid, ProcessRef<?>> exports = new ConcurrentHashMap<>();
    private final Map<MonitorRef, ProcessRef<?>> monitors = new ConcurrentHashMap<>();
    private final AtomicLong nextMonitor = new AtomicLong();
    private final AtomicLong nextRequest = new AtomicLong();
    private final AtomicLong nextHello = new AtomicLong();

    private final List<ProcessRef<?>> nodeSubscribers = new CopyOnWriteArrayList<>();
    private final Map<String, List<ProcessRef<?>>> nodeWatchers = new ConcurrentHashMap<>();
    private final List<Consumer<RemoteDeadLetter>> deadLetterListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong deadLetters = new AtomicLong();

    final Names names;
    final Groups groups;
    private volatile boolean closed;

    private ClusterNode(Scheduler scheduler, ClusterConfig config) throws Exception {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.config = Objects.requireNonNull(config, "config");
        this.self = new NodeId(config.nodeName(), System.currentTimeMillis());
        this.codec = new WireCodec(config.allowedTypes(), this, config.maxMessageBytes());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "actorkit-cluster-" + config.nodeName());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timers = executor;
        this.names = new Names(this);
        this.groups = new Groups(this);
        this.engine = new JGroupsEngine(config, stack(config));
    }

    /** See {@link Cluster#start}. */
    public static Cluster start(Scheduler scheduler, ClusterConfig config) {
        ClusterNode node;
        try {
            node = new ClusterNode(scheduler, config);
            node.engine.start(node);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("node '" + config.nodeName() + "' could not join cluster '"
                    + config.clusterName() + "' on " + config.bindHost() + ":" + config.bindPort() + ": " + e, e);
        }
        node.timers.scheduleWithFixedDelay(node::flushAcks, 20, 20, TimeUnit.MILLISECONDS);
        return node;
    }

    private static List<Protocol> stack(ClusterConfig config) throws Exception {
        if (config.customStack() != null) {
            LOG.log(Level.INFO, "node ''{0}'' uses a custom JGroups stack: its security (TLS, authentication) is"
                    + " the stack''s own", config.nodeName());
            return config.customStack().get();
        }
        if (config.insecure()) {
            LOG.log(Level.WARNING, "**** INSECURE CLUSTER **** node ''{0}'' talks to other nodes in PLAIN TEXT:"
                    + " anyone who can reach {1}:{2} can join the cluster, read every message and run code through"
                    + " your processes. Configure ClusterTls for anything but a trusted test network.",
                    config.nodeName(), config.bindHost(), String.valueOf(config.bindPort()));
            return JGroupsEngine.stackFor(config, new DefaultSocketFactory());
        }
        return JGroupsEngine.stackFor(config, TlsSockets.factory(Objects.requireNonNull(config.tls()).createContext()));
    }

    // ---------------------------------------------------------------- membership

    @Override
    public NodeId self() {
        return self;
    }

    @Override
    public List<NodeId> nodes() {
        List<NodeId> nodes = new ArrayList<>();
        for (Peer peer : peersByName.values()) {
            nodes.add(peer.id);
        }
        return List.copyOf(nodes);
    }

    @Override
    public void viewChanged(List<Engine.Member> members, boolean merged) {
        List<Peer> gone = new ArrayList<>();
        List<Engine.Member> greet = new ArrayList<>();
        Map<Engine.Member, Frame.Hello> greeted = new java.util.HashMap<>();
        List<AwaitingGreeting> giveUp = new ArrayList<>();
        synchronized (viewLock) {
            Set<Engine.Member> now = new HashSet<>(members);
            for (Engine.Member old : view) {
                if (!now.contains(old)) {
                    Peer peer = peersByMember.remove(old);
                    if (peer != null) {
                        gone.add(peer);
                    }
                }
            }
            Engine.Member me = engine.self();
            for (Engine.Member member : members) {
                // After a merge the other side may still count this node as a member it greeted long ago
                // (it never saw it leave): greet every member again, and let duplicates be ignored.
                if (!member.equals(me) && (merged || !view.contains(member))) {
                    greet.add(member);
                }
                Frame.Hello early = earlyHellos.remove(member);
                if (early != null) {
                    greeted.put(member, early);
                }
            }
            view = List.copyOf(members);
            for (NodeId waitingFor : List.copyOf(awaitingGreeting.keySet())) {
                if (memberNamed(waitingFor.name()) == null) {
                    giveUp.addAll(awaitingGreeting.remove(waitingFor));
                }
            }
        }
        giveUp.forEach(waiting -> waiting.onGiveUp().run());
        for (Peer peer : gone) {
            nodeDown(peer, merged ? "left in a merge" : "left the cluster: it stopped, crashed, hung past the"
                    + " failure-detection timeout, or was cut off");
        }
        for (Engine.Member member : greet) {
            greet(member);
        }
        greeted.forEach(this::hello);
        names.membershipChanged();
    }

    /** The oldest member of this partition orders global-name registrations. */
    boolean isCoordinator() {
        List<Engine.Member> current = view;
        return current.isEmpty() || current.get(0).equals(engine.self());
    }

    @Nullable Peer coordinator() {
        List<Engine.Member> current = view;
        return current.isEmpty() ? null : peersByMember.get(current.get(0));
    }

    private void greet(Engine.Member member) {
        engine.send(member, Frames.encode(new Frame.Hello(self.name(), self.incarnation(),
                peersByMember.containsKey(member), nextHello.incrementAndGet())));
    }

    private void hello(Engine.Member member, Frame.Hello hello) {
        NodeId id = new NodeId(hello.name(), hello.incarnation());
        Peer peer;
        Peer stale = null;
        List<AwaitingGreeting> staleWork = new ArrayList<>();
        synchronized (viewLock) {
            if (!view.contains(member)) {
                // taken when a view brings the member in; the latest greeting is the one that counts
                earlyHellos.merge(member, hello, (old, now) -> now.seq() > old.seq() ? now : old);
                return;
            }
            Peer known = peersByMember.get(member);
            if (known != null && (hello.knowsYou() || hello.seq() <= known.lastHello)) {
                known.lastHello = Math.max(known.lastHello, hello.seq());
                return; // connected all along, or a greeting older than the one that made this peer
            }
            if (known != null) {
                // The other side declared this node down while this node never noticed (a one-sided partition,
                // a hang): end the old connection here too, as Erlang does, so both sides agree it broke.
                peersByMember.remove(member);
                stale = known;
            }
        }
        if (stale != null) {
            nodeDown(stale, "it had declared this node down (a partition or a hang) and has now merged back");
        }
        synchronized (viewLock) {
            if (peersByMember.containsKey(member) || !view.contains(member)) {
                return;
            }
            String refusal = certificateRefusal(member, id.name());
            if (refusal != null) {
                LOG.log(Level.ERROR, "node {0} refuses {1}: {2}", self, id, refusal);
                return;
            }
            Peer sameName = peersByName.get(id.name());
            if (sameName != null) {
                LOG.log(Level.ERROR, "two nodes are named ''{0}'' ({1} and {2}): names must be unique in a cluster;"
                        + " ignoring the second", id.name(), sameName.id, id);
                return;
            }
            peer = new Peer(id, member, engine, config.sendQueueLimit());
            peer.lastHello = hello.seq();
            // Auto-connect: what was sent to it before its greeting goes first, before anyone can see the peer.
            List<AwaitingGreeting> waiting = awaitingGreeting.remove(id);
            if (waiting != null) {
                for (AwaitingGreeting work : waiting) {
                    work.onConnect().accept(peer);
                }
            }
            peersByMember.put(member, peer);
            peersByName.put(id.name(), peer);
            for (NodeId other : List.copyOf(awaitingGreeting.keySet())) {
                if (other.name().equals(id.name())) {
                    staleWork.addAll(awaitingGreeting.remove(other)); // an earlier incarnation: NOPROC now
                }
            }
        }
        staleWork.forEach(work -> work.onGiveUp().run());
        LOG.log(Level.INFO, "node {0}: {1} is up", self, id);
        if (!hello.knowsYou()) {
            greet(member); // it does not count this node as connected: make sure it learns who this is
        }
        groups.nodeUp(peer);
        names.nodeUp(peer);
        publish(new NodeEvent.NodeUp(id));
    }

    /** The view's member that calls itself {@code nodeName} (JGroups' logical name is the node name), or null. */
    private Engine.@Nullable Member memberNamed(String nodeName) {
        for (Engine.Member member : view) {
            if (member.name().equals(nodeName)) {
                return member;
            }
        }
        return null;
    }

    /**
     * Auto-connect (Erlang connects on first use): when {@code node} is not connected but a member of that
     * name is in the view and has not greeted this node yet, {@code onConnect} runs, in order with other such
     * work, once its greeting arrives; {@code onGiveUp} runs if it does not within the heartbeat timeout or
     * leaves. If the node is connected meanwhile, {@code onConnect} runs now. Returns false, doing nothing,
     * when there is no such member to wait for.
     */
    private boolean whenGreeted(NodeId node, Consumer<Peer> onConnect, Runnable onGiveUp) {
        Peer connected;
        synchronized (viewLock) {
            connected = peersByName.get(node.name());
            if (connected == null) {
                Engine.Member member = memberNamed(node.name());
                if (member == null || peersByMember.containsKey(member) || node.name().equals(self.name())) {
                    return false;
                }
                List<AwaitingGreeting> waiting = awaitingGreeting.get(node);
                if (waiting == null) {
                    waiting = new ArrayList<>();
                    awaitingGreeting.put(node, waiting);
                    timers.schedule(() -> giveUpWaitingFor(node), config.heartbeatTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
                waiting.add(new AwaitingGreeting(onConnect, onGiveUp));
                return true;
            }
        }
        if (!connected.id.equals(node)) {
            return false; // another incarnation is connected: the caller's usual NOPROC path
        }
        onConnect.accept(connected);
        return true;
    }

    private void giveUpWaitingFor(NodeId node) {
        List<AwaitingGreeting> waiting;
        synchronized (viewLock) {
            waiting = awaitingGreeting.remove(node);
        }
        if (waiting != null) {
            LOG.log(Level.WARNING, "node {0}: {1} is in the cluster but did not greet this node within {2}; what was"
                    + " sent to it meanwhile is dropped", self, node, config.heartbeatTimeout());
            waiting.forEach(work -> work.onGiveUp().run());
        }
    }

    /** Why a peer may not use the node name it claims, or null if its certificate allows it (or none is checked). */
    private @Nullable String certificateRefusal(Engine.Member member, String claimedName) {
        if (!engine.checksCertificates()) {
            return null;
        }
        java.security.cert.X509Certificate certificate = engine.certificateOf(member);
        if (certificate == null) {
            return "it claims the node name '" + claimedName + "' but no TLS certificate of it is known";
        }
        Set<String> allowed;
        try {
            allowed = config.certificateNames().apply(certificate);
        } catch (RuntimeException e) {
            return "the names its certificate " + certificate.getSubjectX500Principal() + " allows could not be read: " + e;
        }
        if (allowed == null || !allowed.contains(claimedName)) {
            return "it claims the node name '" + claimedName + "' but its certificate (" + certificate
                    .getSubjectX500Principal() + ", signed by the cluster's CA) allows only " + allowed
                    + "; give it a certificate for its name, or map certificates to names with"
                    + " ClusterConfig.builder(..).certificateNames(...)";
        }
        return null;
    }

    private void nodeDown(Peer peer, String why) {
        List<Peer.Unacked> lost = peer.markDown();
        if (lost == null) {
            return;
        }
        peersByName.remove(peer.id.name(), peer);
        LOG.log(Level.INFO, "node {0}: {1} is down ({2})", self, peer.id, why);
        for (Long callId : List.copyOf(peer.calls.keySet())) {
            Peer.PendingCall call = peer.calls.remove(callId);
            if (call != null) {
                call.reply().completeExceptionally(new ProcessExitException("call to " + call.target() + " ("
                        + call.requestType() + ") failed: node " + peer.id + " went down", ExitReason.NOCONNECTION));
            }
        }
        for (Long requestId : List.copyOf(peer.requests.keySet())) {
            CompletableFuture<Frame> request = peer.requests.remove(requestId);
            if (request != null) {
                request.completeExceptionally(new RemoteCallException("node " + peer.id + " went down before it answered"));
            }
        }
        for (Peer.ProcessKey key : List.copyOf(peer.watched.keySet())) {
            CompletableFuture<ExitReason> watch = peer.watched.remove(key);
            if (watch != null) {
                watch.complete(ExitReason.NOCONNECTION);
            }
        }
        for (Peer.Unacked unacked : lost) {
            Object recipient = unacked.recipient();
            deadLetter(recipient instanceof RemoteRef ref ? describe(ref) : String.valueOf(recipient), unacked.message(),
                    RemoteDeadLetter.Cause.MAYBE_HANDLED);
        }
        names.nodeDown(peer.id);
        groups.nodeDown(peer.id);
        NodeEvent.NodeDown event = new NodeEvent.NodeDown(peer.id, why);
        publish(event);
        List<ProcessRef<?>> watchers = nodeWatchers.remove(peer.id.name());
        if (watchers != null) {
            watchers.forEach(watcher -> watcher.send(event));
        }
    }

    private void publish(NodeEvent event) {
        for (ProcessRef<?> subscriber : nodeSubscribers) {
            subscriber.send(event);
        }
    }

    @Override
    public AutoCloseable monitorNodes(ProcessRef<?> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        nodeSubscribers.add(subscriber);
        subscriber.termination().thenRun(() -> nodeSubscribers.remove(subscriber));
        return () -> nodeSubscribers.remove(subscriber);
    }

    @Override
    public AutoCloseable monitorNode(ProcessRef<?> watcher, String nodeName) {
        Objects.requireNonNull(watcher, "watcher");
        List<ProcessRef<?>> watchers = nodeWatchers.computeIfAbsent(nodeName, name -> new CopyOnWriteArrayList<>());
        watchers.add(watcher);
        Peer peer = peersByName.get(nodeName);
        if (peer == null || peer.isDown()) {
            if (watchers.remove(watcher)) {
                watcher.send(new NodeEvent.NodeDown(peer != null ? peer.id : new NodeId(nodeName, 0),
                        "not connected"));
            }
        }
        return () -> watchers.remove(watcher);
    }

    // ---------------------------------------------------------------- refs across the wire

    @Override
    public WirePid toWire(ProcessRef<?> ref) {
        if (ref instanceof RemoteRef remote) {
            return remote.wire();
        }
        Pid pid = ref.pid();
        if (pid.node() != 0) {
            throw new IllegalArgumentException(ref + " is neither a process of this node nor a remote ref");
        }
        if (exports.putIfAbsent(pid, ref) == null) {
            ref.termination().thenRun(() -> exports.remove(pid, ref));
        }
        return new WirePid(self.name(), self.incarnation(), pid.id(), pid.serial());
    }

    @Override
    public ProcessRef<Object> fromWire(WirePid wire) {
        NodeId node = new NodeId(wire.node(), wire.incarnation());
        if (node.equals(self)) {
            @SuppressWarnings("unchecked")
            ProcessRef<Object> local = (ProcessRef<Object>) exports.get(new Pid(0, wire.id(), wire.serial()));
            if (local != null) {
                return local;
            }
            // a process of ours that has exited: a ref that only ever reports NOPROC
        }
        int index = node.equals(self) ? 0 : nodeIndex.computeIfAbsent(node, n -> nextNodeIndex.getAndIncrement());
        return new RemoteRef(this, node, new Pid(index, wire.id(), wire.serial()));
    }

    /** The connected peer for a remote ref's node incarnation, or null. */
    private @Nullable Peer peerOf(RemoteRef ref) {
        Peer peer = peersByName.get(ref.node().name());
        return peer != null && peer.id.equals(ref.node()) ? peer : null;
    }

    /** NOPROC when a later incarnation of the node is connected (or the node is this one), else NOCONNECTION. */
    private ExitReason absentReason(RemoteRef ref) {
        Peer current = peersByName.get(ref.node().name());
        return current != null || ref.node().name().equals(self.name()) ? ExitReason.NOPROC : ExitReason.NOCONNECTION;
    }

    // ---------------------------------------------------------------- send

    void sendRemote(RemoteRef ref, Object message) {
        WireCodec.Encoded encoded = codec.encode(message);
        Frame.Send frame = new Frame.Send(ref.pid().id(), ref.pid().serial(), encoded.type(), encoded.bytes());
        Peer peer = peerOf(ref);
        if (peer == null && whenGreeted(ref.node(), connected -> sendTo(connected, ref, frame, message),
                () -> sendFailed(ref, message, Peer.Outcome.DOWN))) {
            return;
        }
        sendFailed(ref, message, peer == null ? Peer.Outcome.DOWN : peer.sendTracked(frame, ref, message));
    }

    private void sendTo(Peer peer, RemoteRef ref, Frame.Send frame, Object message) {
        sendFailed(ref, message, peer.sendTracked(frame, ref, message));
    }

    /** Turns a send's outcome into the dead letter it calls for, if any. */
    private void sendFailed(RemoteRef ref, Object message, Peer.Outcome outcome) {
        switch (outcome) {
            case QUEUED -> { }
            case QUEUE_FULL -> deadLetter(describe(ref), message, RemoteDeadLetter.Cause.SEND_QUEUE_FULL);
            case DOWN -> deadLetter(describe(ref), message, absentReason(ref) == ExitReason.NOPROC
                    ? RemoteDeadLetter.Cause.NO_PROCESS : RemoteDeadLetter.Cause.NO_CONNECTION);
        }
    }

    @Override
    public void send(String nodeName, String name, Object message) {
        Objects.requireNonNull(message, "message must not be null");
        WireCodec.Encoded encoded = codec.encode(message);
        Peer peer = peersByName.get(nodeName);
        String recipient = name + " on " + nodeName;
        Peer.Outcome outcome = peer == null ? Peer.Outcome.DOWN
                : peer.sendTracked(new Frame.SendNamed(name, encoded.type(), encoded.bytes()), recipient, message);
        switch (outcome) {
            case QUEUED -> { }
            case QUEUE_FULL -> deadLetter(recipient, message, RemoteDeadLetter.Cause.SEND_QUEUE_FULL);
            case DOWN -> deadLetter(recipient, message, RemoteDeadLetter.Cause.NO_CONNECTION);
        }
    }

    private static String describe(RemoteRef ref) {
        return ref.pid() + " on " + ref.node();
    }

    // ---------------------------------------------------------------- calls

    Duration defaultCallTimeout() {
        return scheduler.config().callTimeout();
    }

    <R> CompletableFuture<R> callRemote(RemoteRef ref, Object request, Duration timeout) {
        WireCodec.Encoded encoded = codec.encode(request);
        Peer peer = peerOf(ref);
        CompletableFuture<Object> reply = new CompletableFuture<>();
        if (peer != null) {
            callOn(peer, ref, encoded, timeout, reply);
        } else if (!whenGreeted(ref.node(), connected -> callOn(connected, ref, encoded, timeout, reply),
                () -> reply.completeExceptionally(notConnected(ref, encoded.type())))) {
            reply.completeExceptionally(notConnected(ref, encoded.type()));
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<R> typed = (CompletableFuture<R>) reply;
        return typed;
    }

    /** Why a call to a node that is not connected fails at once. */
    private RuntimeException notConnected(RemoteRef ref, String requestType) {
        if (absentReason(ref) == ExitReason.NOPROC) {
            return new NoProcessException("call to " + describe(ref) + " (" + requestType + "): no such process;"
                    + " its node has restarted since");
        }
        return new ProcessExitException("call to " + describe(ref) + " (" + requestType + "): its node is not"
                + " connected", ExitReason.NOCONNECTION);
    }

    private void callOn(Peer peer, RemoteRef ref, WireCodec.Encoded encoded, Duration timeout,
            CompletableFuture<Object> reply) {
        long callId = nextRequest.incrementAndGet();
        peer.calls.put(callId, new Peer.PendingCall(reply, ref, encoded.type()));
        long millis = Math.max(1, timeout.toMillis());
        if (!peer.send(new Frame.CallRequest(callId, ref.pid().id(), ref.pid().serial(), millis,
                encoded.type(), encoded.bytes()))) {
            if (peer.calls.remove(callId) != null) {
                reply.completeExceptionally(new ProcessExitException("call to " + describe(ref) + " ("
                        + encoded.type() + "): its node went down", ExitReason.NOCONNECTION));
            }
        } else {
            java.util.concurrent.ScheduledFuture<?> timer = timers.schedule(() -> {
                if (peer.calls.remove(callId) != null) {
                    reply.completeExceptionally(new CallTimeoutException("call to " + describe(ref) + " with a "
                            + encoded.type() + " got no reply within " + timeout + "; check that its handler replies"));
                }
            }, millis, TimeUnit.MILLISECONDS);
            reply.whenComplete((value, failure) -> timer.cancel(false)); // answered calls hold no timer
        }
    }

    /** Waits for a call's reply; on a pool worker, tells the pool it blocks (as the core's own calls do). */
    <R> R await(CompletableFuture<R> reply) {
        try {
            ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                @Override
                public boolean block() {
                    reply.handle((value, failure) -> null).join();
                    return true;
                }

                @Override
                public boolean isReleasable() {
                    return reply.isDone();
                }
            });
            return reply.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteCallException("interrupted while waiting for a remote call's reply");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new RemoteCallException("remote call failed: " + e.getCause());
        }
    }

    private void answerCall(Peer peer, Frame.CallRequest call) {
        ProcessRef<?> target = exports.get(new Pid(0, call.id(), call.serial()));
        if (target == null) {
            peer.send(reply(call.callId(), "NOPROC", null, ""));
            return;
        }
        Object request;
        try {
            request = codec.decode(call.type(), call.payload());
        } catch (WireCodec.UndecodableException e) {
            peer.send(reply(call.callId(), "ERROR", null, "node " + self.name() + " cannot read the request: "
                    + e.getMessage()));
            return;
        }
        target.ask(request, Duration.ofMillis(call.timeoutMillis())).whenComplete((value, failure) -> {
            Frame.CallReply answer;
            if (failure == null) {
                answer = okReply(call.callId(), value);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                answer = switch (cause) {
                    case NoProcessException e -> reply(call.callId(), "NOPROC", null, "");
                    case ProcessExitException e -> reply(call.callId(), "EXIT", wireReason(e.reason()), e.getMessage());
                    case UnhandledMessageException e -> reply(call.callId(), "UNHANDLED", null, e.getMessage());
                    case CallTimeoutException e -> reply(call.callId(), "TIMEOUT", null, e.getMessage());
                    default -> reply(call.callId(), "ERROR", null, String.valueOf(cause));
                };
            }
            peer.send(answer);
        });
    }

    private Frame.CallReply okReply(long callId, @Nullable Object value) {
        if (value == null) {
            return new Frame.CallReply(callId, "OK", "", new byte[0], null, "");
        }
        try {
            WireCodec.Encoded encoded = codec.encode(value);
            return new Frame.CallReply(callId, "OK", encoded.type(), encoded.bytes(), null, "");
        } catch (RuntimeException refused) {
            LOG.log(Level.WARNING, "a reply could not be sent back: {0}", refused.getMessage());
            return reply(callId, "ERROR", null, "the reply could not cross back from node " + self.name() + ": "
                    + refused.getMessage());
        }
    }

    private static Frame.CallReply reply(long callId, String status, @Nullable WireReason reason, String text) {
        return new Frame.CallReply(callId, status, "", new byte[0], reason, text == null ? "" : text);
    }

    private void callReplied(Peer peer, Frame.CallReply answer) {
        Peer.PendingCall call = peer.calls.remove(answer.callId());
        if (call == null) {
            return; // timed out already: a late reply is discarded
        }
        String what = "call to " + call.target() + " (" + call.requestType() + ")";
        CompletableFuture<Object> reply = call.reply();
        switch (answer.status()) {
            case "OK" -> {
                if (answer.type().isEmpty()) {
                    reply.complete(null);
                } else {
                    try {
                        reply.complete(codec.decode(answer.type(), answer.payload()));
                    } catch (WireCodec.UndecodableException e) {
                        reply.completeExceptionally(new RemoteCallException(what + ": cannot read the reply: "
                                + e.getMessage()));
                    }
                }
            }
            case "NOPROC" -> reply.completeExceptionally(new NoProcessException(what + ": no such process"));
            case "EXIT" -> reply.completeExceptionally(new ProcessExitException(what + ": " + answer.text(),
                    exitReason(Objects.requireNonNull(answer.reason()))));
            case "UNHANDLED" -> reply.completeExceptionally(new UnhandledMessageException(answer.text()));
            case "TIMEOUT" -> reply.completeExceptionally(new CallTimeoutException(answer.text()));
            default -> reply.completeExceptionally(new RemoteCallException(what + " failed: " + answer.text()));
        }
    }

    @Override
    public Optional<ProcessRef<Object>> whereis(String nodeName, String name, Duration timeout) {
        Objects.requireNonNull(name, "name");
        if (nodeName.equals(self.name())) {
            return scheduler.whereis(name).map(ref -> fromWire(toWire(ref)));
        }
        Peer peer = peersByName.get(nodeName);
        if (peer == null) {
            return Optional.empty();
        }
        Frame answer = request(peer, requestId -> new Frame.NameLookup(requestId, name), timeout,
                "asking node " + nodeName + " for the process it registered as '" + name + "'");
        WirePid pid = ((Frame.NameLookupReply) answer).pid();
        return Optional.ofNullable(pid).map(this::fromWire);
    }

    @Override
    public ProcessRef<Object> spawn(String nodeName, String type, Object args, Duration timeout) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(args, "args");
        WireCodec.Encoded encoded = codec.encode(args);
        if (nodeName.equals(self.name())) {
            Frame.SpawnReply reply = spawnHere(new Frame.SpawnRequest(0, type, encoded.type(), encoded.bytes()));
            return spawned(reply, nodeName, type);
        }
        Peer peer = peersByName.get(nodeName);
        if (peer == null) {
            throw new RemoteCallException("cannot start a '" + type + "' on node " + nodeName + ": it is not connected"
                    + " (connected: " + nodes() + ")");
        }
        Frame answer = request(peer, requestId -> new Frame.SpawnRequest(requestId, type, encoded.type(),
                encoded.bytes()), timeout, "starting a '" + type + "' on node " + nodeName);
        return spawned((Frame.SpawnReply) answer, nodeName, type);
    }

    private ProcessRef<Object> spawned(Frame.SpawnReply reply, String nodeName, String type) {
        if (reply.pid() == null) {
            throw new RemoteCallException("node " + nodeName + " did not start a '" + type + "': " + reply.error());
        }
        return fromWire(reply.pid());
    }

    /** Sends a request frame to a peer and waits for its answer; fails at once if the peer goes down. */
    private Frame request(Peer peer, java.util.function.LongFunction<Frame> frame, Duration timeout, String what) {
        long requestId = nextRequest.incrementAndGet();
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        peer.requests.put(requestId, answer);
        try {
            if (!peer.send(frame.apply(requestId))) {
                throw new RemoteCallException(what + " failed: node " + peer.id + " is down");
            }
            return await(answer.orTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                    .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                            failure instanceof java.util.concurrent.TimeoutException
                                    ? new CallTimeoutException(what + ": no answer within " + timeout)
                                    : failure)));
        } finally {
            peer.requests.remove(requestId);
        }
    }

    private void answered(Peer peer, long requestId, Frame answer) {
        CompletableFuture<Frame> pending = peer.requests.get(requestId);
        if (pending != null) {
            pending.complete(answer);
        }
    }

    private Frame.SpawnReply spawnHere(Frame.SpawnRequest request) {
        dev.actorkit.cluster.RemoteSpawnable factory = config.spawnables().get(request.type());
        if (factory == null) {
            return new Frame.SpawnReply(request.requestId(), null, "node " + self.name() + " allows no process type '"
                    + request.type() + "' to be started remotely; allowed: " + config.spawnables().keySet()
                    + " (add it there with ClusterConfig.builder(..).spawnable(\"" + request.type() + "\", ...))");
        }
        Object args;
        try {
            args = codec.decode(request.argsType(), request.args());
        } catch (WireCodec.UndecodableException e) {
            return new Frame.SpawnReply(request.requestId(), null, "cannot read the arguments: " + e.getMessage());
        }
        try {
            ProcessRef<?> started = Objects.requireNonNull(factory.start(scheduler, args),
                    "the factory returned no process");
            return new Frame.SpawnReply(request.requestId(), toWire(started), "");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node " + self + ": starting a '" + request.type() + "' for another node failed", e);
            return new Frame.SpawnReply(request.requestId(), null, "its factory threw " + e);
        }
    }

    // ---------------------------------------------------------------- watches and monitors

    boolean isAlive(RemoteRef ref) {
        Peer peer = peerOf(ref);
        if (peer == null || peer.isDown()) {
            return false;
        }
        CompletableFuture<ExitReason> watch = peer.watched.get(new Peer.ProcessKey(ref.pid().id(), ref.pid().serial()));
        return watch == null || !watch.isDone();
    }

    CompletableFuture<ExitReason> watch(RemoteRef ref) {
        Peer peer = peerOf(ref);
        if (peer == null) {
            CompletableFuture<ExitReason> later = new CompletableFuture<>();
            if (whenGreeted(ref.node(), connected -> watchOn(connected, ref).thenAccept(later::complete),
                    () -> later.complete(absentReason(ref)))) {
                return later;
            }
            return CompletableFuture.completedFuture(absentReason(ref));
        }
        return watchOn(peer, ref);
    }

    private CompletableFuture<ExitReason> watchOn(Peer peer, RemoteRef ref) {
        Peer.ProcessKey key = new Peer.ProcessKey(ref.pid().id(), ref.pid().serial());
        boolean[] created = {false};
        CompletableFuture<ExitReason> watch = peer.watched.computeIfAbsent(key, k -> {
            created[0] = true;
            return new CompletableFuture<>();
        });
        if (created[0] && !peer.send(new Frame.Watch(key.id(), key.serial()))) {
            // went down meanwhile; nodeDown may have run before our entry was added
            peer.watched.remove(key, watch);
            watch.complete(ExitReason.NOCONNECTION);
        }
        return watch;
    }

    private void watchRequested(Peer peer, Frame.Watch request) {
        ProcessRef<?> target = exports.get(new Pid(0, request.id(), request.serial()));
        if (target == null) {
            peer.send(new Frame.ProcessDown(request.id(), request.serial(), wireReason(ExitReason.NOPROC)));
            return;
        }
        target.termination().thenAccept(reason ->
                peer.send(new Frame.ProcessDown(request.id(), request.serial(), wireReason(reason))));
    }

    private void processDown(Peer peer, Frame.ProcessDown down) {
        CompletableFuture<ExitReason> watch = peer.watched.get(new Peer.ProcessKey(down.id(), down.serial()));
        if (watch != null) {
            watch.complete(exitReason(down.reason())); // the entry stays: isAlive() reads it
        }
    }

    @Override
    public MonitorRef monitor(ProcessRef<?> watcher, ProcessRef<?> remote) {
        Objects.requireNonNull(watcher, "watcher");
        if (!(remote instanceof RemoteRef remoteRef)) {
            throw new IllegalArgumentException(remote + " is a process of this node: monitor it with ctx.monitor(...)");
        }
        MonitorRef ref = new MonitorRef(-nextMonitor.incrementAndGet()); // negative: never one of the core's ids
        monitors.put(ref, watcher);
        remoteRef.termination().thenAccept(reason -> {
            ProcessRef<?> stillWatching = monitors.remove(ref);
            if (stillWatching != null) {
                stillWatching.send(new Down(ref, remoteRef, reason));
            }
        });
        return ref;
    }

    @Override
    public void exit(ProcessRef<?> remote, ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (!(remote instanceof RemoteRef remoteRef)) {
            throw new IllegalArgumentException(remote + " is a process of this node: use scheduler.exit(...) or"
                    + " ctx.exit(...)");
        }
        Frame.ExitSignal signal = new Frame.ExitSignal(remoteRef.pid().id(), remoteRef.pid().serial(),
                wireReason(reason));
        Peer peer = peerOf(remoteRef);
        if (peer != null) {
            peer.send(signal);
        } else {
            whenGreeted(remoteRef.node(), connected -> connected.send(signal), () -> { }); // else: no such node, as Erlang
        }
    }

    private void exitSignalled(Frame.ExitSignal signal) {
        ProcessRef<?> target = exports.get(new Pid(0, signal.id(), signal.serial()));
        if (target != null) {
            scheduler.exit(target, exitReason(signal.reason()));
        }
    }

    @Override
    public boolean demonitor(MonitorRef ref) {
        return monitors.remove(ref) != null;
    }

    // ---------------------------------------------------------------- exit reasons as values

    WireReason wireReason(ExitReason reason) {
        return switch (reason) {
            case ExitReason.Atom atom -> new WireReason(atom.name(), atom.toString(), null, null, null, null);
            case ExitReason.Shutdown shutdown -> new WireReason("shutdown", String.valueOf(shutdown.detail()), null,
                    null, null, null);
            case ExitReason.Error error -> {
                Throwable cause = error.cause();
                StringWriter stack = new StringWriter();
                cause.printStackTrace(new PrintWriter(stack));
                yield new WireReason("error", String.valueOf(cause), cause.getClass().getName(),
                        Objects.requireNonNullElse(cause.getMessage(), ""), stack.toString(), self.name());
            }
            case ExitReason.Other other when other.value() instanceof RemoteError remote -> new WireReason("error",
                    remote.toString(), remote.className(), remote.message(), remote.stackText(), remote.node());
            case ExitReason.Other other -> new WireReason("other", String.valueOf(other.value()), null, null, null, null);
        };
    }

    static ExitReason exitReason(WireReason wire) {
        return switch (wire.kind()) {
            case "NORMAL" -> ExitReason.NORMAL;
            case "SHUTDOWN" -> ExitReason.SHUTDOWN;
            case "KILL" -> ExitReason.KILL;
            case "KILLED" -> ExitReason.KILLED;
            case "NOPROC" -> ExitReason.NOPROC;
            case "NOCONNECTION" -> ExitReason.NOCONNECTION;
            case "shutdown" -> ExitReason.shutdown(wire.text());
            case "error" -> ExitReason.of(new RemoteError(Objects.requireNonNullElse(wire.errorClass(), "?"),
                    Objects.requireNonNullElse(wire.errorMessage(), ""), Objects.requireNonNullElse(wire.stack(), ""),
                    Objects.requireNonNullElse(wire.node(), "?")));
            default -> ExitReason.of(wire.text());
        };
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void received(Engine.Member from, byte[] bytes, int offset, int length) {
        Frame frame;
        try {
            frame = Frames.decode(bytes, offset, length);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "node {0}: dropped {1} bytes from {2} that are not a frame: {3}", self, length,
                    from, e.getMessage());
            return;
        }
        if (frame instanceof Frame.Hello hello) {
            hello(from, hello);
            return;
        }
        Peer peer = peersByMember.get(from);
        if (peer == null) {
            LOG.log(Level.DEBUG, "node {0}: dropped a {1} from {2}, which has not said hello or has left", self,
                    frame.getClass().getSimpleName(), from);
            return;
        }
        switch (frame) {
            case Frame.Send send -> {
                counted(peer);
                deliver(peer, send);
            }
            case Frame.SendNamed send -> {
                counted(peer);
                deliverNamed(peer, send);
            }
            case Frame.Ack ack -> peer.acknowledged(ack.count());
            case Frame.CallRequest call -> answerCall(peer, call);
            case Frame.CallReply answer -> callReplied(peer, answer);
            case Frame.Watch watch -> watchRequested(peer, watch);
            case Frame.ExitSignal signal -> exitSignalled(signal);
            case Frame.ProcessDown down -> processDown(peer, down);
            case Frame.NameLookup lookup -> peer.send(new Frame.NameLookupReply(lookup.requestId(),
                    scheduler.whereis(lookup.name()).map(this::toWire).orElse(null)));
            case Frame.NameLookupReply answer -> answered(peer, answer.requestId(), answer);
            case Frame.SpawnRequest request -> peer.send(spawnHere(request));
            case Frame.SpawnReply answer -> answered(peer, answer.requestId(), answer);
            case Frame.GroupJoin join -> groups.joined(peer, join);
            case Frame.GroupLeave leave -> groups.left(peer, leave);
            case Frame.GroupSnapshot snapshot -> groups.snapshot(peer, snapshot);
            case Frame.GlobalRegister register -> names.registerRequested(peer, register);
            case Frame.GlobalReply answer -> names.replied(answer);
            case Frame.GlobalUnregister unregister -> names.unregisterRequested(unregister);
            case Frame.GlobalSet set -> names.set(set.name(), set.pid());
            case Frame.GlobalRemove remove -> names.remove(remove.name(), remove.pid());
            case Frame.GlobalClaims claims -> names.claims(claims.names());
            case Frame.GlobalTable table -> names.table(table.names());
            case Frame.GlobalConflict conflict -> names.lost(conflict);
            case Frame.Hello hello -> hello(from, hello);
        }
    }

    private void counted(Peer peer) {
        long count = peer.received.incrementAndGet();
        if (count - peer.acknowledged.get() >= ACK_EVERY) {
            ack(peer);
        }
    }

    private void flushAcks() {
        for (Peer peer : peersByMember.values()) {
            if (peer.received.get() > peer.acknowledged.get()) {
                ack(peer);
            }
        }
    }

    private void ack(Peer peer) {
        long count = peer.received.get();
        long before = peer.acknowledged.getAndAccumulate(count, Math::max);
        if (count > before) {
            peer.send(new Frame.Ack(count));
        }
    }

    private void deliver(Peer peer, Frame.Send send) {
        Pid pid = new Pid(0, send.id(), send.serial());
        ProcessRef<?> target = exports.get(pid);
        if (target == null) {
            deadLetter(pid + " on " + self + " from " + peer.id.name(), undecodableOr(send.type(), send.payload()),
                    RemoteDeadLetter.Cause.NO_PROCESS);
            return;
        }
        try {
            target.send(codec.decode(send.type(), send.payload()));
        } catch (WireCodec.UndecodableException e) {
            deadLetter(pid + " on " + self + " from " + peer.id.name(),
                    new RemoteDeadLetter.Undecodable(send.type(), send.payload().length, e.getMessage()),
                    RemoteDeadLetter.Cause.UNDECODABLE);
        }
    }

    private void deliverNamed(Peer peer, Frame.SendNamed send) {
        String recipient = send.name() + " on " + self + " from " + peer.id.name();
        Optional<ProcessRef<?>> target = scheduler.whereis(send.name());
        if (target.isEmpty()) {
            deadLetter(recipient, undecodableOr(send.type(), send.payload()), RemoteDeadLetter.Cause.NO_PROCESS);
            return;
        }
        try {
            target.get().send(codec.decode(send.type(), send.payload()));
        } catch (WireCodec.UndecodableException e) {
            deadLetter(recipient, new RemoteDeadLetter.Undecodable(send.type(), send.payload().length, e.getMessage()),
                    RemoteDeadLetter.Cause.UNDECODABLE);
        }
    }

    /** The message if it can be read, for a dead letter's record; else what is known about it. */
    private Object undecodableOr(String type, byte[] payload) {
        try {
            return codec.decode(type, payload);
        } catch (WireCodec.UndecodableException e) {
            return new RemoteDeadLetter.Undecodable(type, payload.length, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- dead letters

    void deadLetter(String recipient, Object message, RemoteDeadLetter.Cause cause) {
        deadLetters.incrementAndGet();
        RemoteDeadLetter letter = new RemoteDeadLetter(recipient, message, cause);
        LOG.log(Level.DEBUG, "node {0}: remote dead letter {1}", self, letter);
        for (Consumer<RemoteDeadLetter> listener : deadLetterListeners) {
            try {
                listener.accept(letter);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a remote dead-letter listener threw", e);
            }
        }
    }

    @Override
    public AutoCloseable onDeadLetter(Consumer<RemoteDeadLetter> listener) {
        Objects.requireNonNull(listener, "listener");
        deadLetterListeners.add(listener);
        return () -> deadLetterListeners.remove(listener);
    }

    @Override
    public long deadLetterCount() {
        return deadLetters.get();
    }

    // ---------------------------------------------------------------- names and groups

    @Override
    public GlobalNames global() {
        return names;
    }

    @Override
    public ProcessGroups groups() {
        return groups;
    }


    Map<String, Peer> peers() {
        return peersByName;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    long nextRequestId() {
        return nextRequest.incrementAndGet();
    }

    boolean isLocal(WirePid pid) {
        return pid.node().equals(self.name()) && pid.incarnation() == self.incarnation();
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        engine.close();
        for (Peer peer : List.copyOf(peersByMember.values())) {
            peersByMember.remove(peer.member);
            nodeDown(peer, "this node left the cluster");
        }
        timers.shutdownNow();
    }

    @Override
    public String toString() {
        return "Cluster[" + self + ", nodes=" + nodes() + "]";
    }
}
