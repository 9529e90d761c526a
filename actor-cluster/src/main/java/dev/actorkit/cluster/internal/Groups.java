package dev.actorkit.cluster.internal;

import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.cluster.NodeId;
import dev.actorkit.cluster.ProcessGroups;
import dev.actorkit.cluster.internal.Frame.WirePid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process groups as Erlang's {@code pg}: each node owns its own memberships and tells every other node of
 * each join and leave over the ordered stream, and sends a new node a snapshot when it comes up. Remote
 * memberships are dropped with their node.
 *
 * <p>Concurrency: local changes and the frames announcing them are made under {@code this}, so a snapshot
 * and the joins after it reach a peer in order; reads copy from concurrent maps.
 */
final class Groups implements ProcessGroups {

    private final ClusterNode node;
    /** group -> local members (a process may join a group more than once, as in pg). */
    private final Map<String, List<ProcessRef<?>>> local = new ConcurrentHashMap<>();
    /** node -> group -> its members there. */
    private final Map<NodeId, Map<String, List<WirePid>>> remote = new ConcurrentHashMap<>();

    Groups(ClusterNode node) {
        this.node = node;
    }

    @Override
    public synchronized void join(String group, ProcessRef<?> ref) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(ref, "ref");
        if (ref instanceof RemoteRef) {
            throw new IllegalArgumentException("join " + ref + " to '" + group + "' on its own node: a node adds its own"
                    + " processes to groups");
        }
        WirePid pid = node.toWire(ref);
        local.computeIfAbsent(group, g -> new ArrayList<>()).add(ref);
        ref.termination().thenRun(() -> leaveAll(ref));
        tellAll(new Frame.GroupJoin(group, pid.id(), pid.serial()));
    }

    @Override
    public synchronized boolean leave(String group, ProcessRef<?> ref) {
        List<ProcessRef<?>> members = local.get(group);
        if (members == null || !members.remove(ref)) {
            return false;
        }
        if (members.isEmpty()) {
            local.remove(group);
        }
        Pid pid = ref.pid();
        tellAll(new Frame.GroupLeave(group, pid.id(), pid.serial()));
        return true;
    }

    private synchronized void leaveAll(ProcessRef<?> ref) {
        for (String group : List.copyOf(local.keySet())) {
            while (leave(group, ref)) {
                // once per membership
            }
        }
    }

    @Override
    public synchronized List<ProcessRef<Object>> members(String group) {
        List<ProcessRef<Object>> members = localMembers(group);
        for (Map<String, List<WirePid>> groups : remote.values()) {
            for (WirePid pid : groups.getOrDefault(group, List.of())) {
                members.add(node.fromWire(pid));
            }
        }
        return members;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized List<ProcessRef<Object>> localMembers(String group) {
        List<ProcessRef<Object>> members = new ArrayList<>();
        for (ProcessRef<?> ref : local.getOrDefault(group, List.of())) {
            members.add((ProcessRef<Object>) ref);
        }
        return members;
    }

    @Override
    public synchronized Set<String> groups() {
        Set<String> groups = new HashSet<>(local.keySet());
        for (Map<String, List<WirePid>> byGroup : remote.values()) {
            groups.addAll(byGroup.keySet());
        }
        return Set.copyOf(groups);
    }

    private void tellAll(Frame change) {
        for (Peer peer : node.peers().values()) {
            peer.send(change);
        }
    }

    synchronized void nodeUp(Peer peer) {
        List<Frame.GroupJoin> memberships = new ArrayList<>();
        local.forEach((group, members) -> {
            for (ProcessRef<?> member : members) {
                memberships.add(new Frame.GroupJoin(group, member.pid().id(), member.pid().serial()));
            }
        });
        peer.send(new Frame.GroupSnapshot(memberships));
    }

    synchronized void nodeDown(NodeId down) {
        remote.remove(down);
    }

    synchronized void joined(Peer peer, Frame.GroupJoin join) {
        remote.computeIfAbsent(peer.id, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(join.group(), g -> new ArrayList<>())
                .add(new WirePid(peer.id.name(), peer.id.incarnation(), join.id(), join.serial()));
    }

    synchronized void left(Peer peer, Frame.GroupLeave leave) {
        Map<String, List<WirePid>> groups = remote.get(peer.id);
        if (groups == null) {
            return;
        }
        List<WirePid> members = groups.get(leave.group());
        if (members != null) {
            members.remove(new WirePid(peer.id.name(), peer.id.incarnation(), leave.id(), leave.serial()));
            if (members.isEmpty()) {
                groups.remove(leave.group());
            }
        }
    }

    synchronized void snapshot(Peer peer, Frame.GroupSnapshot snapshot) {
        remote.remove(peer.id);
        for (Frame.GroupJoin join : snapshot.memberships()) {
            joined(peer, join);
        }
    }
}
