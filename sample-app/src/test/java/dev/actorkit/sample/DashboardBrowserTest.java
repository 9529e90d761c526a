package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.ExitReason;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.test.ProcessAwait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a real headless Chromium, on the running sample: one browser for the whole class.
 * Waits are on what the page shows, with a deadline; the page updates about once a second.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "kv.port=0")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the tree's screenshot first, before the crash tests change it
class DashboardBrowserTest {

    private static final Duration FEW_SECONDS = Duration.ofSeconds(8);

    @LocalServerPort
    int port;

    @Autowired
    Scheduler scheduler;

    @Autowired
    ProcessRef<BucketRegistry> registry;

    private ChromeDriver chrome;

    @BeforeAll
    void openBrowser() {
        chrome = HeadlessChromium.start();
    }

    @AfterAll
    void closeBrowser() {
        if (chrome != null) {
            chrome.quit();
        }
    }

    private void open(String view) {
        chrome.get("http://localhost:" + port + "/actorkit#" + view);
    }

    private WebDriverWait waitUpTo(Duration deadline) {
        WebDriverWait wait = new WebDriverWait(chrome, deadline, Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private WebElement treeNode(String name) {
        return chrome.findElement(By.cssSelector(".node[data-name='" + name + "']"));
    }

    private ProcessRef<Bucket> createBucket(String name) {
        assertThat(registry.<Object>call(new BucketRegistry.Create(name))).isInstanceOf(BucketRegistry.Ready.class);
        return registry.<java.util.Optional<ProcessRef<Bucket>>>call(new BucketRegistry.Lookup(name)).orElseThrow();
    }

    @Test
    @Order(1)
    void theSamplesSupervisionTreeAppearsWithEverySupervisorAndProcess() throws IOException {
        for (String name : List.of("shopping", "groceries", "hardware")) {
            ProcessRef<Bucket> bucket = createBucket(name);
            for (int i = 0; i < name.length(); i++) {
                bucket.call(new Bucket.Put("item" + i, "1"));
            }
        }

        open("tree");

        List<String> expected = List.of("kv", "buckets", "bucketRegistry", "server", "connections", "acceptor", "bucket");
        waitUpTo(FEW_SECONDS).until(page -> expected.stream().allMatch(name -> !page.findElements(
                By.cssSelector(".node[data-name='" + name + "']")).isEmpty()));
        assertThat(treeNode("kv").getText()).contains("one-for-one");
        assertThat(treeNode("buckets").getText()).contains("dynamic");
        assertThat(chrome.findElement(By.id("connection")).getText()).isEqualTo("live");
        screenshot("dashboard-tree.png");
    }

    @Test
    void aRestartOfTheRegistryShowsHighlightedWithItsCountWithinAFewSeconds() {
        open("tree");
        waitUpTo(FEW_SECONDS).until(page -> !page.findElements(By.cssSelector(".node[data-name='bucketRegistry']")).isEmpty());
        int before = Integer.parseInt(treeNode("bucketRegistry").getAttribute("data-restarts"));
        Pid crashed = registry.pid();

        scheduler.exit(registry, ExitReason.KILL);
        ProcessAwait.awaitRestart(registry, crashed, FEW_SECONDS);

        waitUpTo(FEW_SECONDS).until(page -> Integer.parseInt(treeNode("bucketRegistry").getAttribute("data-restarts")) == before + 1);
        assertThat(treeNode("bucketRegistry").getAttribute("class")).contains("flash");
        assertThat(chrome.findElement(By.id("recent")).getText()).contains("restarted").contains("bucketRegistry");
    }

    @Test
    void aKilledBucketShowsInTheRecentChangesWithinAFewSeconds() {
        ProcessRef<Bucket> doomed = createBucket("doomed");
        String pid = doomed.pid().toString();
        open("tree");
        waitUpTo(FEW_SECONDS).until(page -> !page.findElements(By.cssSelector(".node[data-pid='" + pid + "']")).isEmpty());

        scheduler.exit(doomed, ExitReason.KILL);

        waitUpTo(FEW_SECONDS).until(page -> page.findElement(By.id("recent")).getText().contains(pid));
        WebElement change = chrome.findElements(By.cssSelector("#recent li")).stream()
                .filter(item -> item.getText().contains(pid)).findFirst().orElseThrow();
        assertThat(change.getText()).contains("exited").contains("bucket").contains("buckets");
        assertThat(change.getAttribute("class")).contains("flash");
        assertThat(chrome.findElements(By.cssSelector(".node[data-pid='" + pid + "']"))).isEmpty();
    }

    @Test
    void sortingByMailboxLengthPutsTheBusiestProcessFirst() throws InterruptedException, IOException {
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef<Object> busy = scheduler.spawn(ctx -> release.await()); // never reads its mailbox
        try {
            for (int i = 0; i < 500; i++) {
                busy.send(i);
            }
            open("processes");
            waitUpTo(FEW_SECONDS).until(page -> !page.findElements(By.cssSelector("#process-rows tr")).isEmpty());

            chrome.findElement(By.cssSelector("th[data-sort='mailbox']")).click();

            String busiest = busy.pid().toString();
            waitUpTo(FEW_SECONDS).until(page -> busiest.equals(
                    page.findElement(By.cssSelector("#process-rows tr")).getAttribute("data-pid")));
            assertThat(chrome.findElement(By.cssSelector("th[data-sort='mailbox']")).getAttribute("class")).contains("desc");
            assertThat(chrome.findElement(By.cssSelector("#process-rows tr td.num")).getText()).isEqualTo("500");
            screenshot("dashboard-processes.png");
        } finally {
            release.countDown();
            busy.termination().orTimeout(5, TimeUnit.SECONDS).join();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void actionsAreRefusedWhenDisabledAndThePageOffersNone() {
        ProcessRef<Bucket> bucket = createBucket("untouchable");
        open("processes");
        waitUpTo(FEW_SECONDS).until(page -> !page.findElements(By.cssSelector("#process-rows tr")).isEmpty());
        assertThat(chrome.findElements(By.tagName("button")).stream().map(WebElement::getText)).doesNotContain("kill");
        assertThat(chrome.findElement(By.id("footer")).getText()).contains("Read-only");

        // What a hand-made request from the page gets: a refusal that says how to enable actions.
        Map<String, Object> answer = (Map<String, Object>) chrome.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/actorkit/api/actions/kill?pid=' + encodeURIComponent(arguments[0]), {method: 'POST'})
                    .then(response => response.json().then(body => done({status: response.status, message: body.message})));
                """, bucket.pid().toString());

        assertThat(answer.get("status")).isEqualTo(403L);
        assertThat((String) answer.get("message")).contains("actor.dashboard.actions.enabled=true");
        assertThat(bucket.isAlive()).isTrue();
    }

    /** Saved under target/; with -Dactorkit.screenshots=docs, into docs/images for the guide. */
    private void screenshot(String name) throws IOException {
        byte[] png = chrome.getScreenshotAs(OutputType.BYTES);
        assertThat(png).as("a PNG image").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        Path directory = "docs".equals(System.getProperty("actorkit.screenshots"))
                ? Path.of("..", "docs", "images") : Path.of("target", "screenshots");
        Files.createDirectories(directory);
        Files.write(directory.resolve(name), png);
    }
}
