package io.cpa.e2e;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium through ChromeDriver, for the dashboard's browser tests, with a recorder of
 * Content-Security-Policy violations installed in every page before its own scripts run.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * Collects every {@code securitypolicyviolation} of the page into {@code window.__cspViolations}. Added through
     * DevTools, so it runs before the page's scripts and is itself not subject to the page's policy.
     */
    static final String CSP_RECORDER = "window.__cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push("
            + "e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber"
            + " + (e.sample ? ' sample ' + e.sample : '')));";

    final ChromeDriver driver;
    private final ChromeDriverService service;

    HeadlessChromium() throws IOException {
        assertThat(CHROMIUM).as("Chromium is needed (apt-get install chromium chromium-driver; ./cpa test installs it), "
                + "or skip with -Dcpa.browser.skip=true").isExecutable();
        assertThat(CHROMEDRIVER).as("ChromeDriver is needed (apt-get install chromium-driver)").isExecutable();
        Path profile = Files.createTempDirectory("cpa-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,900", "--user-data-dir=" + profile);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_RECORDER));
    }

    /** The violations the current page has reported so far. */
    @SuppressWarnings("unchecked")
    List<String> cspViolations() {
        Object v = ((JavascriptExecutor) driver).executeScript("return window.__cspViolations || null;");
        assertThat(v).as("the CSP recorder is installed in the page").isNotNull();
        return (List<String>) v;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
