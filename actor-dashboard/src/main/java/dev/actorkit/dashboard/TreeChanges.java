package dev.actorkit.dashboard;

import dev.actorkit.dashboard.DashboardModel.TreeEvent;
import dev.actorkit.dashboard.TreeReader.Placement;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What changed between two reads of the tree: a child whose restart count went up was restarted; a
 * process that is gone and was not restarted crashed (when its handler threw) or exited. The last
 * minute of changes is kept, so that a page sees a crash or a restart that happened between two of its
 * updates, highlighted for a few seconds.
 *
 * <p>Concurrency: {@link #record} holds this object's monitor; the dashboard calls it once per read of the tree.
 */
final class TreeChanges {

    private static final long KEPT_MILLIS = 60_000;
    private static final int KEPT_EVENTS = 50;

    private final DeadLetterLog crashes;
    private final ArrayDeque<TreeEvent> events = new ArrayDeque<>();

    TreeChanges(DeadLetterLog crashes) {
        this.crashes = crashes;
    }

    /** Compares the tree's placements with the previous read's; returns the recent changes, newest first. */
    synchronized List<TreeEvent> record(@Nullable Map<String, Placement> before, Map<String, Placement> now, long time) {
        if (before != null) {
            Map<String, Placement> earlierByName = new HashMap<>();
            before.values().forEach(placement -> earlierByName.putIfAbsent(key(placement), placement));
            Set<String> restarted = new HashSet<>();
            for (Map.Entry<String, Placement> entry : now.entrySet()) {
                Placement placement = entry.getValue();
                Placement earlier = earlierByName.get(key(placement));
                if (earlier != null && placement.restarts() > earlier.restarts()) {
                    restarted.add(key(placement));
                    add(new TreeEvent(time, "restarted", placement.name(), entry.getKey(), placement.supervisorName(),
                            placement.restarts()));
                }
            }
            for (Map.Entry<String, Placement> entry : before.entrySet()) {
                Placement gone = entry.getValue();
                if (!now.containsKey(entry.getKey()) && !restarted.contains(key(gone))) {
                    boolean crashed = !crashes.crashesOf(List.of(entry.getKey()), null).isEmpty();
                    add(new TreeEvent(time, crashed ? "crashed" : "exited", gone.name(), entry.getKey(),
                            gone.supervisorName(), gone.restarts()));
                }
            }
        }
        while (!events.isEmpty() && time - events.peekFirst().time() > KEPT_MILLIS) {
            events.removeFirst();
        }
        return List.copyOf(events.reversed());
    }

    private static String key(Placement placement) {
        return placement.supervisorName() + "/" + placement.name();
    }

    private void add(TreeEvent event) {
        if (events.size() == KEPT_EVENTS) {
            events.removeFirst();
        }
        events.addLast(event);
    }
}
