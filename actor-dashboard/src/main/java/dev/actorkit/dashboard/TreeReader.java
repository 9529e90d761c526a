package dev.actorkit.dashboard;

import dev.actorkit.autoconfigure.ProcessesEndpoint;
import dev.actorkit.autoconfigure.ProcessesEndpoint.NodeDescriptor;
import dev.actorkit.autoconfigure.ProcessesEndpoint.ProcessDescriptor;
import dev.actorkit.autoconfigure.ProcessesEndpoint.ProcessesDescriptor;
import dev.actorkit.autoconfigure.ProcessesEndpoint.SupervisorDescriptor;
import dev.actorkit.dashboard.DashboardModel.Tree;
import dev.actorkit.dashboard.DashboardModel.TreeNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The supervision tree as the dashboard shows it, read from the Actuator {@code processes} endpoint's
 * snapshot (so the page shows what the endpoint would, no more): a supervisor with many children, such as
 * a dynamic supervisor with a process per entity, keeps only its busiest {@value #SHOWN_CHILDREN} and
 * says how many it has.
 *
 * <p>Thread-safety: stateless apart from its collaborators; each call takes a fresh snapshot.
 */
final class TreeReader {

    /** Children shown per supervisor; the page says how many there are in all. */
    static final int SHOWN_CHILDREN = 20;

    private static final Comparator<TreeNode> BUSIEST_FIRST = Comparator
            .comparingInt(TreeNode::restarts).reversed()
            .thenComparing(Comparator.comparingInt(TreeNode::mailboxSize).reversed())
            .thenComparing(Comparator.comparingLong(TreeNode::messagesHandled).reversed());

    private final @Nullable ProcessesEndpoint endpoint;

    TreeReader(@Nullable ProcessesEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Where a process sits in the tree. */
    record Placement(String name, int restarts, @Nullable String supervisorName, @Nullable String supervisorPid) {
    }

    /** A view of the tree, and where each running process of the whole tree sits, by pid. */
    record Snapshot(Tree tree, Map<String, Placement> byPid) {
        static final Snapshot EMPTY = new Snapshot(new Tree(List.of(), 0, 0, 0, List.of()), Map.of());
    }

    Snapshot read() {
        if (endpoint == null) {
            return Snapshot.EMPTY;
        }
        ProcessesDescriptor described = endpoint.processes();
        Map<String, Placement> byPid = new HashMap<>();
        List<TreeNode> roots = new ArrayList<>();
        for (SupervisorDescriptor root : described.supervisors()) {
            roots.add(node(root, null, byPid));
        }
        return new Snapshot(new Tree(roots, described.processes().live(), described.processes().supervised(),
                described.processes().unsupervised(), List.of()), byPid);
    }

    private static TreeNode node(NodeDescriptor described, @Nullable SupervisorDescriptor parent, Map<String, Placement> byPid) {
        return switch (described) {
            case SupervisorDescriptor supervisor -> {
                place(supervisor.pid(), supervisor.name(), supervisor.restarts(), parent, byPid);
                List<TreeNode> children = new ArrayList<>(supervisor.children().size());
                for (NodeDescriptor child : supervisor.children()) {
                    children.add(node(child, supervisor, byPid));
                }
                if (children.size() > SHOWN_CHILDREN) {
                    children.sort(BUSIEST_FIRST);
                    children = children.subList(0, SHOWN_CHILDREN);
                }
                String kind = "dynamic".equals(supervisor.strategy()) ? "dynamic" : "supervisor";
                yield new TreeNode(supervisor.name(), kind, supervisor.strategy(), supervisor.pid(), supervisor.status(),
                        supervisor.restarts(), 0, 0, null, supervisor.children().size(), List.copyOf(children));
            }
            case ProcessDescriptor process -> {
                // A per-entity child shows as name:key, the form the Actuator endpoint selects it by.
                String name = process.key() == null ? process.name() : process.name() + ":" + process.key();
                place(process.pid(), name, process.restarts(), parent, byPid);
                yield new TreeNode(name, "process", null, process.pid(), process.status(), process.restarts(),
                        process.mailboxSize(), process.messagesHandled(), process.currentMessageType(), 0, List.of());
            }
        };
    }

    private static void place(@Nullable String pid, String name, int restarts, @Nullable SupervisorDescriptor parent,
                              Map<String, Placement> byPid) {
        if (pid != null) {
            byPid.put(pid, new Placement(name, restarts, parent == null ? null : parent.name(),
                    parent == null ? null : parent.pid()));
        }
    }
}
