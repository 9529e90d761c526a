package dev.actorkit.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.dashboard.DashboardModel.ProcessPage;
import dev.actorkit.dashboard.DashboardModel.ProcessRow;
import dev.actorkit.dashboard.ProcessTable.Query;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Processes view's table: one sample of every process, then sorted, filtered and paged. */
class ProcessTableTest {

    private final Scheduler scheduler = Scheduler.create();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        scheduler.close(Duration.ofSeconds(1));
    }

    private ProcessRef<Object> stuckWith(int messages) {
        ProcessRef<Object> stuck = scheduler.spawn(ctx -> release.await());
        for (int i = 0; i < messages; i++) {
            stuck.send(i);
        }
        return stuck;
    }

    private ProcessTable.Sample sample(ProcessTable table) {
        return table.sample(Map.of(), System.nanoTime());
    }

    @Test
    void sortingByMailboxDescendingPutsTheLongestMailboxFirst() {
        stuckWith(3);
        ProcessRef<Object> busiest = stuckWith(30);
        stuckWith(10);

        ProcessPage page = ProcessTable.page(sample(new ProcessTable(scheduler)), Query.of("mailbox", "desc", "", 0, 2));

        assertThat(page.rows()).extracting(ProcessRow::mailboxSize).containsExactly(30, 10);
        assertThat(page.rows().getFirst().pid()).isEqualTo(busiest.pid().toString());
    }

    @Test
    void pidsSortInNumericOrderAsErlangPrintsThem() {
        List<String> pids = new ArrayList<>(List.of("<0.10.0>", "<0.9.0>", "<0.100.0>", "<0.11.0>"));

        pids.sort(ProcessTable::comparePids);

        assertThat(pids).containsExactly("<0.9.0>", "<0.10.0>", "<0.11.0>", "<0.100.0>");
    }

    @Test
    void aHundredThousandProcessesBecomeOnePageOfRowsForTheBrowser() {
        for (int i = 0; i < 100_000; i++) {
            scheduler.spawn(ctx -> release.await());
        }
        ProcessTable table = new ProcessTable(scheduler);

        ProcessPage last = ProcessTable.page(sample(table), Query.of("pid", "asc", "", 1999, 50));

        assertThat(last.total()).isGreaterThanOrEqualTo(100_000);
        assertThat(last.rows()).hasSize(Math.min(50, last.total() - 1999 * 50));
        assertThat(last.rows()).extracting(ProcessRow::pid).isSortedAccordingTo(ProcessTable::comparePids);
    }

    @Test
    void theRateIsMessagesHandledPerSecondSinceThePreviousSample() throws Exception {
        ProcessRef<Object> echo = scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });
        ProcessTable table = new ProcessTable(scheduler);
        long start = System.nanoTime();
        table.sample(Map.of(), start);
        for (int i = 0; i < 20; i++) {
            echo.send(i);
        }
        org.awaitility.Awaitility.await().until(() -> scheduler.info(echo).orElseThrow().messagesHandled() == 20);

        ProcessTable.Sample later = table.sample(Map.of(), start + Duration.ofSeconds(2).toNanos());

        ProcessRow row = later.rows().stream().filter(r -> r.pid().equals(echo.pid().toString())).findFirst().orElseThrow();
        assertThat(row.rate()).isEqualTo(10.0);
    }

    @Test
    void aFilterMatchesPidNameTypeStatusOrMessageIgnoringCase() {
        ProcessTable.Sample sample = new ProcessTable.Sample(List.of(
                new ProcessRow("<0.1.0>", "kv", "SupervisorServer", "waiting", 0, 0, 0, null),
                new ProcessRow("<0.2.0>", "bucket:shopping", "Bucket", "running", 0, 0, 0, "com.example.Put"),
                new ProcessRow("<0.3.0>", "", "anonymous", "waiting", 0, 0, 0, null)), 0);

        assertThat(ProcessTable.page(sample, Query.of("pid", "asc", "BUCKET", 0, 10)).rows()).extracting(ProcessRow::pid)
                .containsExactly("<0.2.0>");
        assertThat(ProcessTable.page(sample, Query.of("pid", "asc", "put", 0, 10)).matching()).isEqualTo(1);
        assertThat(ProcessTable.page(sample, Query.of("pid", "asc", "<0.3.0>", 0, 10)).rows()).extracting(ProcessRow::type)
                .containsExactly("anonymous");
        assertThat(ProcessTable.page(sample, Query.of("pid", "asc", "waiting", 0, 10)).matching()).isEqualTo(2);
    }

    @Test
    void badQueriesSayWhatIsAllowed() {
        assertThatThrownBy(() -> Query.of("pid", "up", "", 0, 10)).hasMessage("dir is 'up'; use asc or desc");
        assertThatThrownBy(() -> Query.of("pid", "asc", "", -1, 10)).hasMessage("page is -1, but pages count from 0");
        assertThatThrownBy(() -> Query.of("pid", "asc", "", 0, 0)).hasMessage("size is 0, but a page holds 1 to 500 rows");
    }

    @Test
    void aPidParsesWithOrWithoutItsAngleBrackets() {
        assertThat(ProcessTable.parsePid("<0.42.0>")).isEqualTo(new Pid(0, 42, 0));
        assertThat(ProcessTable.parsePid(" 0.42.0 ")).isEqualTo(new Pid(0, 42, 0));
        assertThatThrownBy(() -> ProcessTable.parsePid("<0.x.0>")).hasMessage("'<0.x.0>' is not a pid; a pid looks like <0.42.0>");
    }
}
