package dev.actorkit.dashboard;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard's JSON and events carry: immutable records, one per view. Nothing here holds a
 * message's contents or a process's state: only what the Actuator {@code processes} endpoint shows, plus
 * the types and code locations a developer needs to read a crash.
 */
final class DashboardModel {

    private DashboardModel() {
    }

    /**
     * The supervision tree; dynamic supervisors list their busiest children only. {@code recent} holds what
     * changed in the last minute, newest first.
     */
    record Tree(List<TreeNode> roots, int live, int supervised, int unsupervised, List<TreeEvent> recent) {
        Tree withRecent(List<TreeEvent> events) {
            return new Tree(roots, live, supervised, unsupervised, List.copyOf(events));
        }
    }

    /**
     * A change in the tree seen between two reads of it.
     *
     * @param kind {@code restarted} (its supervisor started a new incarnation), {@code crashed} (a handler threw
     *             and it did not come back) or {@code exited} (it is gone for another reason, such as a kill or its end)
     */
    record TreeEvent(long time, String kind, String name, String pid, @Nullable String supervisor, int restarts) {
    }

    /**
     * A supervisor or a process of the tree.
     *
     * @param kind       {@code supervisor}, {@code dynamic} or {@code process}
     * @param childCount all children, of which {@code children} may show only the busiest
     */
    record TreeNode(String name, String kind, @Nullable String strategy, @Nullable String pid, String status,
                    int restarts, int mailboxSize, long messagesHandled, @Nullable String currentMessageType,
                    int childCount, List<TreeNode> children) {
    }

    /** One row of the Processes view. {@code rate} is messages handled per second over the last interval. */
    record ProcessRow(String pid, String name, String type, String status, int mailboxSize, long messagesHandled,
                      double rate, @Nullable String currentMessageType) {
    }

    /** One page of the Processes view, sorted and filtered on the server. */
    record ProcessPage(List<ProcessRow> rows, int total, int matching, int page, int size, String sort, String dir,
                       String filter) {
    }

    /** A process that a process is linked to, monitors, or is monitored by. */
    record Peer(String pid, String name) {
    }

    /** The Process view. */
    record ProcessDetails(String pid, String name, String type, String status, int mailboxSize, long messagesHandled,
                          boolean trapExit, @Nullable String currentMessageType, List<Peer> links, List<Peer> monitors,
                          List<Peer> monitoredBy, @Nullable Peer supervisor, int restarts, List<Crash> crashes) {
    }

    /** A handler that threw: the type of the failure and where, not its message (it may carry data). */
    record Crash(long time, String pid, String name, String messageType, String failure, List<String> stack) {
    }

    /** One sample of the scheduler; rates are per second over the interval before it. */
    record SchedulerSample(long time, int liveProcesses, int threads, int activeThreads, long queued,
                           double activationsPerSecond, double deadLettersPerSecond, double spawnedPerSecond) {
    }

    /** A dead letter as the page shows it: the message's type, never the message. */
    record DeadLetterRow(long sequence, long time, String cause, String recipientPid, String recipientName,
                         String messageType) {
    }

    /** New dead letters for a page, and how many were left out to keep the stream within its rate. */
    record DeadLetterBatch(List<DeadLetterRow> letters, long skipped, long total) {
    }

    /** The Nodes view: the cluster's members, or why there are none to show. */
    record Nodes(boolean clusterPresent, String note, List<NodeSummary> nodes) {
    }

    /** The answer to an action, or why it was refused. */
    record ActionResult(boolean done, String message) {
    }
}
