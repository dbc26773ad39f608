package io.feedbackhub.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.feedbackhub.testing.TestHub;

import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every dashboard page test checks the same way: use by keyboard alone, a phone's width, names and contrast. */
final class PageChecks {
    private static final int MOST_TAB_STOPS = 120;

    private PageChecks() {
    }

    /** Signs the page in with the test hub's secret key, the way a team without people accounts does. */
    static void signInWithTheSecretKey(Page page, TestHub hub) {
        page.navigate(hub.baseUrl() + "/");
        page.getByLabel("Secret API key").fill(TestHub.SECRET_KEY);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Use this key")).click();
        assertThat(page.locator("#overview-cards .card").first()).isVisible();
    }

    /** Tabs to the navigation link and presses Enter: the view's heading takes the focus once the view has loaded. */
    static void navigateByKeyboard(Page page, String link) {
        navigateByKeyboard(page, link, link);
    }

    static void navigateByKeyboard(Page page, String link, String heading) {
        tabTo(page, page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(link).setExact(true)));
        page.keyboard().press("Enter");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(heading).setLevel(1))).isFocused();
        assertThat(page.locator("#status")).not().containsText("Loading");
    }

    /** Presses Tab until {@code target} has the focus, inside a shadow root too (the widget's preview). */
    static void tabTo(Page page, Locator target) {
        for (int i = 0; i < MOST_TAB_STOPS; i++) {
            if ((Boolean) target.evaluate("el => el === document.activeElement || el === (el.getRootNode().activeElement)"
                    + " && document.activeElement === el.getRootNode().host")) {
                return;
            }
            page.keyboard().press("Tab");
        }
        throw new AssertionError(MOST_TAB_STOPS + " Tab presses never reached " + target);
    }

    /** On a 390 px phone: a visible view heading, no sideways scrolling, and {@link #assertAccessible}. */
    static void assertFitsAPhone(Page page, String view) {
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)).filter(
                new Locator.FilterOptions().setVisible(true))).isVisible();
        var width = ((Number) page.evaluate("document.documentElement.scrollWidth")).intValue();
        assertTrue(width <= 390, view + ": the page is " + width + " px wide on a 390 px phone");
        assertAccessible(page, view);
    }

    /** Every visible control has an accessible name and all visible text meets WCAG AA's 4.5:1. */
    static void assertAccessible(Page page, String view) {
        assertEquals(List.of(), page.evaluate(UNLABELED_CONTROLS), view + ": controls without an accessible name");
        assertEquals(List.of(), page.evaluate(LOW_CONTRAST_TEXT), view + ": text below 4.5:1");
    }

    /** Visible inputs, selects, textareas and buttons without an accessible name (label, aria-label or text). */
    private static final String UNLABELED_CONTROLS = """
            () => [...document.querySelectorAll('input, select, textarea, button')]
              .filter(e => e.offsetParent !== null)
              .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')
                           && !(e.tagName === 'BUTTON' && e.textContent.trim()))
              .map(e => e.outerHTML.slice(0, 80))""";

    /** Visible text whose colour against its effective background is below WCAG AA's 4.5:1. */
    private static final String LOW_CONTRAST_TEXT = """
            () => {
              const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
              const lum = ([r, g, b]) => {
                const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
              };
              const background = el => {
                for (let e = el; e; e = e.parentElement) {
                  const c = rgb(getComputedStyle(e).backgroundColor);
                  if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
                }
                return [255, 255, 255];
              };
              const bad = [];
              for (const el of document.querySelectorAll('body *')) {
                if (el.closest('svg') || el.offsetParent === null) continue;
                const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
                if (!text) continue;
                const style = getComputedStyle(el);
                if (style.visibility === 'hidden' || Number(style.opacity) < 0.5) continue;
                const fg = lum(rgb(style.color).slice(0, 3)), bg = lum(background(el));
                const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
                if (ratio < 4.5) bad.push(text.slice(0, 40) + ' (' + ratio.toFixed(2) + ')');
              }
              return bad;
            }""";
}
