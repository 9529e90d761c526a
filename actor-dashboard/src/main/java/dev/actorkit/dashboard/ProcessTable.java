package dev.actorkit.dashboard;

import dev.actorkit.ObservedProcess;
import dev.actorkit.Pid;
import dev.actorkit.ProcessInfo;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.dashboard.DashboardModel.ProcessPage;
import dev.actorkit.dashboard.DashboardModel.ProcessRow;
import dev.actorkit.dashboard.TreeReader.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Processes view: every live process in a row, with its message rate since the previous sample,
 * sorted, filtered and paged here so that a page never receives more than one page of rows, however
 * many processes run.
 *
 * <p>Concurrency: {@link #sample} is called by one thread at a time (the dashboard's ticker, or a request
 * when no sample is fresh; both under this object's monitor); the rows it returns are immutable and can
 * be paged by any thread.
 */
final class ProcessTable {

    /** Columns a page can sort by, as the page names them. */
    enum Column {
        PID(Comparator.comparing(ProcessRow::pid, ProcessTable::comparePids)),
        NAME(Comparator.comparing(ProcessRow::name)),
        TYPE(Comparator.comparing(ProcessRow::type)),
        STATUS(Comparator.comparing(ProcessRow::status)),
        MAILBOX(Comparator.comparingInt(ProcessRow::mailboxSize)),
        HANDLED(Comparator.comparingLong(ProcessRow::messagesHandled)),
        RATE(Comparator.comparingDouble(ProcessRow::rate)),
        MESSAGE(Comparator.comparing(row -> row.currentMessageType() == null ? "" : row.currentMessageType()));

        final Comparator<ProcessRow> order;

        Column(Comparator<ProcessRow> order) {
            this.order = order;
        }

        static Column parse(String name) {
            for (Column column : values()) {
                if (column.name().equalsIgnoreCase(name)) {
                    return column;
                }
            }
            throw new IllegalArgumentException("cannot sort processes by '" + name + "'; sort by one of "
                    + List.of(values()).stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    /** What a page asks for. {@code page} counts from 0. */
    record Query(Column sort, boolean descending, String filter, int page, int size) {
        static final int MAX_SIZE = 500;

        Query {
            if (page < 0) {
                throw new IllegalArgumentException("page is " + page + ", but pages count from 0");
            }
            if (size < 1 || size > MAX_SIZE) {
                throw new IllegalArgumentException("size is " + size + ", but a page holds 1 to " + MAX_SIZE + " rows");
            }
        }

        static Query of(String sort, String dir, String filter, int page, int size) {
            if (!dir.equalsIgnoreCase("asc") && !dir.equalsIgnoreCase("desc")) {
                throw new IllegalArgumentException("dir is '" + dir + "'; use asc or desc");
            }
            return new Query(Column.parse(sort), dir.equalsIgnoreCase("desc"), filter.strip(), page, size);
        }
    }

    /** All rows of one sample, taken at {@code nanos}. */
    record Sample(List<ProcessRow> rows, long nanos) {
        static final Sample EMPTY = new Sample(List.of(), 0);
    }

    private final Scheduler scheduler;
    private Map<Pid, Long> previousHandled = Map.of();
    private long previousNanos;

    ProcessTable(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Reads every live process once; rates compare with the previous sample. */
    synchronized Sample sample(Map<String, Placement> placements, long nanos) {
        List<ProcessRef<?>> processes = scheduler.processes();
        List<ProcessRow> rows = new ArrayList<>(processes.size());
        Map<Pid, Long> handled = new HashMap<>(processes.size() * 2);
        double seconds = (nanos - previousNanos) / 1e9;
        for (ProcessRef<?> ref : processes) {
            Optional<ProcessInfo> read = scheduler.info(ref);
            if (read.isEmpty()) {
                continue; // it exited since the list was taken
            }
            ProcessInfo info = read.get();
            handled.put(info.pid(), info.messagesHandled());
            Long before = previousHandled.get(info.pid());
            double rate = before == null || seconds <= 0 ? 0
                    : Math.round(Math.max(0, info.messagesHandled() - before) / seconds * 10) / 10.0;
            String pid = info.pid().toString();
            rows.add(new ProcessRow(pid, nameOf(info, placements.get(pid)), typeOf(ref),
                    info.status().name().toLowerCase(Locale.ROOT), info.mailboxSize(), info.messagesHandled(), rate,
                    info.currentMessageType().map(Class::getName).orElse(null)));
        }
        previousHandled = handled;
        previousNanos = nanos;
        return new Sample(List.copyOf(rows), nanos);
    }

    static String nameOf(ProcessInfo info, @Nullable Placement placement) {
        if (info.registeredName().isPresent()) {
            return info.registeredName().get();
        }
        return placement == null ? "" : placement.name();
    }

    static String typeOf(ProcessRef<?> ref) {
        return ref instanceof ObservedProcess observed ? observed.typeLabel() : "process";
    }

    static ProcessPage page(Sample sample, Query query) {
        String needle = query.filter().toLowerCase(Locale.ROOT);
        List<ProcessRow> matching = needle.isEmpty() ? new ArrayList<>(sample.rows())
                : sample.rows().stream().filter(row -> matches(row, needle)).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        Comparator<ProcessRow> order = query.descending() ? query.sort().order.reversed() : query.sort().order;
        matching.sort(order.thenComparing(Column.PID.order));
        int from = Math.min(matching.size(), query.page() * query.size());
        int to = Math.min(matching.size(), from + query.size());
        return new ProcessPage(List.copyOf(matching.subList(from, to)), sample.rows().size(), matching.size(), query.page(),
                query.size(), query.sort().name().toLowerCase(Locale.ROOT), query.descending() ? "desc" : "asc", query.filter());
    }

    private static boolean matches(ProcessRow row, String needle) {
        return contains(row.pid(), needle) || contains(row.name(), needle) || contains(row.type(), needle)
                || contains(row.status(), needle) || (row.currentMessageType() != null && contains(row.currentMessageType(), needle));
    }

    private static boolean contains(String text, String needle) {
        return text.toLowerCase(Locale.ROOT).contains(needle);
    }

    /** Pids in numeric order, as Erlang sorts them: {@code <0.9.0>} before {@code <0.10.0>}. */
    static int comparePids(String a, String b) {
        return Comparator.<String>comparingInt(String::length).thenComparing(Comparator.naturalOrder()).compare(a, b);
    }

    /** Parses {@code <0.12.0>} or {@code 0.12.0}. */
    static Pid parsePid(String text) {
        String bare = text.strip();
        if (bare.startsWith("<") && bare.endsWith(">")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        String[] parts = bare.split("\\.");
        try {
            if (parts.length == 3) {
                return new Pid(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException notANumber) {
            // the message below says what a pid looks like
        }
        throw new IllegalArgumentException("'" + text + "' is not a pid; a pid looks like <0.42.0>");
    }
}
