package io.feedbackhub.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium (/usr/bin/chromium, installed by .ci/run) driven by Playwright for Java, whose Node driver ships
 * in its jar: nothing is downloaded. The flags keep Chromium off the network (this machine has none but loopback)
 * and make it run as root in a container. A laptop-sized viewport: the dashboard must be usable at 1366x768.
 */
final class Chromium implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE).setArgs(ARGS));
    }

    static Chromium launch() {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException(EXECUTABLE + " is missing: apt-get install -y chromium (.ci/run installs it)");
        }
        return new Chromium();
    }

    /** A fresh profile (own storage) at 1366x768 that accepts downloads. */
    BrowserContext newContext() {
        return newContext(1366, 768);
    }

    /** A fresh profile with a window of the given size (390x844: a phone). */
    BrowserContext newContext(int width, int height) {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height).setAcceptDownloads(true));
    }

    /**
     * Saves a full-page screenshot as {@code <build folder>/screenshots/<name>.png}: a test artifact. The ones in
     * docs/screenshots are copies of these (see docs/web.md).
     */
    static Path screenshot(Page page, String name) {
        return screenshot(page, name, true);
    }

    /** {@code fullPage} false: the window only, for pages that run long (the feed). */
    static Path screenshot(Page page, String name, boolean fullPage) {
        var file = screenshots().resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(fullPage));
        return file;
    }

    static Path screenshots() {
        try {
            // test classes sit in <build folder>/test-classes, whatever -DbuildDir says
            var testClasses = Path.of(Chromium.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            var dir = testClasses.getParent().resolve("screenshots");
            Files.createDirectories(dir);
            return dir;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
