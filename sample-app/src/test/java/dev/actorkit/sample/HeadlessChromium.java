package dev.actorkit.sample;

import java.io.File;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both found at fixed paths so that
 * Selenium Manager never downloads a browser or a driver. Other paths: {@code -Dactorkit.chromium=...}
 * and {@code -Dactorkit.chromedriver=...}.
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static ChromeDriver start() {
        File browser = installed("actorkit.chromium", "/usr/bin/chromium");
        File driver = installed("actorkit.chromedriver", "/usr/bin/chromedriver");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        // --no-sandbox: CI runs as root; a small window keeps the render cheap on a 2-core machine.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--disable-extensions");
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return chrome;
    }

    private static File installed(String property, String debianPath) {
        File file = new File(System.getProperty(property, debianPath));
        if (!file.canExecute()) {
            throw new IllegalStateException(file + " is missing: the dashboard's browser tests need Chromium and its "
                    + "driver. Install Debian's packages (apt-get install chromium chromium-driver, as .ci/run does), or "
                    + "point -D" + property + " at another installation.");
        }
        return file;
    }
}
