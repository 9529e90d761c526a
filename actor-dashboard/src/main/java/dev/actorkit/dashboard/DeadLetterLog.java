package dev.actorkit.dashboard;

import dev.actorkit.DeadLetter;
import dev.actorkit.ObservedProcess;
import dev.actorkit.ProcessRef;
import dev.actorkit.dashboard.DashboardModel.Crash;
import dev.actorkit.dashboard.DashboardModel.DeadLetterBatch;
import dev.actorkit.dashboard.DashboardModel.DeadLetterRow;
import dev.actorkit.dashboard.TreeReader.Placement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The recent dead letters and crashes, for the Dead letters and Process views: a listener of the
 * scheduler's dead letters (a crash is the dead letter of the message whose handler threw) that keeps the
 * last few hundred of each, and at most {@value #KEPT_PER_SECOND} a second, so that a storm of dead
 * letters costs little more than counting them.
 *
 * <p>Concurrency: {@link #accept} runs on whatever thread produced the dead letter, readers run on request
 * threads and the dashboard's ticker; all hold this object's monitor for a few field updates. The names
 * of the tree are replaced as a whole through a volatile field.
 */
final class DeadLetterLog implements Consumer<DeadLetter> {

    static final int KEPT_PER_SECOND = 1000;
    private static final int KEPT_LETTERS = 500;
    private static final int KEPT_CRASHES = 100;
    private static final int FRAMES_PER_FAILURE = 20;
    private static final int MAX_CAUSES = 5;

    private final LongSupplier clock;
    private final ArrayDeque<DeadLetterRow> letters = new ArrayDeque<>(KEPT_LETTERS);
    private final ArrayDeque<Crash> crashes = new ArrayDeque<>(KEPT_CRASHES);
    private volatile Map<String, Placement> placements = Map.of();
    private long sequence;
    private long windowStart;
    private int keptInWindow;

    DeadLetterLog(LongSupplier epochMillis) {
        this.clock = epochMillis;
    }

    /** Names for the pids of the tree, as last read; a dead letter's recipient is named when it arrives. */
    void useNames(Map<String, Placement> placements) {
        this.placements = placements;
    }

    @Override
    public void accept(DeadLetter letter) {
        long now = clock.getAsLong();
        synchronized (this) {
            sequence++; // counted even when not kept, so that pages can say how many they missed
            if (now - windowStart >= 1000) {
                windowStart = now;
                keptInWindow = 0;
            }
            if (keptInWindow >= KEPT_PER_SECOND) {
                return;
            }
            keptInWindow++;
        }
        String pid = pidOf(letter.recipient());
        String name = nameOf(letter.recipient(), pid);
        String messageType = letter.message().getClass().getName();
        synchronized (this) {
            if (letters.size() == KEPT_LETTERS) {
                letters.removeFirst();
            }
            letters.addLast(new DeadLetterRow(sequence, now, letter.cause().name(), pid, name, messageType));
            Throwable failure = letter.crash();
            if (letter.cause() == DeadLetter.Cause.CRASHED && failure != null) {
                if (crashes.size() == KEPT_CRASHES) {
                    crashes.removeFirst();
                }
                crashes.addLast(new Crash(now, pid, name, messageType, failure.getClass().getName(), stack(failure)));
            }
        }
    }

    private static String pidOf(ProcessRef<?> recipient) {
        try {
            return recipient.pid().toString();
        } catch (RuntimeException betweenIncarnations) {
            return "-"; // a supervised child's slot while no incarnation runs
        }
    }

    private String nameOf(ProcessRef<?> recipient, String pid) {
        if (recipient instanceof ObservedProcess observed && observed.registeredName() != null) {
            return observed.registeredName();
        }
        Placement placement = placements.get(pid);
        return placement == null ? "" : placement.name();
    }

    /** Where the failure happened: the top frames of it and of each cause, without their messages. */
    static List<String> stack(Throwable failure) {
        List<String> lines = new ArrayList<>();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            if (current != failure) {
                lines.add("caused by " + current.getClass().getName());
            }
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, FRAMES_PER_FAILURE); i++) {
                lines.add("at " + frames[i]);
            }
            if (frames.length > FRAMES_PER_FAILURE) {
                lines.add("... " + (frames.length - FRAMES_PER_FAILURE) + " more");
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return List.copyOf(lines);
    }

    /**
     * The dead letters after {@code cursor}, at most {@code limit} of them (the newest); the others are
     * counted as skipped. A negative cursor asks for the latest ones, as a page that just opened does.
     */
    synchronized DeadLetterBatch after(long cursor, int limit) {
        List<DeadLetterRow> newer = new ArrayList<>();
        var descending = letters.descendingIterator();
        while (descending.hasNext()) {
            DeadLetterRow row = descending.next();
            if (row.sequence() <= cursor) {
                break;
            }
            newer.add(row);
        }
        long skipped = cursor < 0 ? 0 : Math.max(0, sequence - cursor - Math.min(newer.size(), limit));
        List<DeadLetterRow> sent = newer.subList(0, Math.min(newer.size(), limit));
        return new DeadLetterBatch(List.copyOf(sent.reversed()), skipped, sequence);
    }

    synchronized long sequence() {
        return sequence;
    }

    /** The crashes recorded for any of {@code pids} or, when it is not blank, for a process named {@code name}. */
    synchronized List<Crash> crashesOf(List<String> pids, @Nullable String name) {
        List<Crash> found = new ArrayList<>();
        for (Crash crash : crashes.reversed()) {
            if (pids.contains(crash.pid()) || (name != null && !name.isBlank() && name.equals(crash.name()))) {
                found.add(crash);
            }
        }
        return found;
    }
}
