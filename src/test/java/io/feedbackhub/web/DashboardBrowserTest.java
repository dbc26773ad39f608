package io.feedbackhub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import io.feedbackhub.testing.NeedsBrowser;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.feedbackhub.web.PageChecks.assertAccessible;
import static io.feedbackhub.web.PageChecks.assertFitsAPhone;
import static io.feedbackhub.web.PageChecks.navigateByKeyboard;
import static io.feedbackhub.web.PageChecks.signInWithTheSecretKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard at / in a real Chromium, on a laptop-sized window: sign-in, overview, filters, breakdowns, compare,
 * feed and exports, over feedback written through the native API and through a vendor dialect.
 *
 * <p>SQLite only: the page reads nothing but the public API, whose answers are tested on both stores elsewhere,
 * and a browser per store would double the slowest tests on two cores without testing anything new.
 */
@NeedsBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
    TestHub hub;
    DashboardData data;
    Chromium chromium;
    BrowserContext context;
    Page page;
    final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        hub = TestHub.start(StoreKind.SQLITE);
        data = DashboardData.load(hub);
        chromium = Chromium.launch();
    }

    @AfterAll
    void stop() {
        chromium.close();
        hub.close();
    }

    @BeforeEach
    void openBrowser() {
        context = chromium.newContext();
        page = context.newPage();
        pageErrors.clear();
        page.onPageError(pageErrors::add);
        page.setDefaultTimeout(15_000);
    }

    @AfterEach
    void closeBrowser() {
        context.close();
        assertEquals(List.of(), pageErrors, "uncaught errors in the page");
    }

    // ---------------------------------------------------------------- sign in

    @Test
    void signing_in_keeps_the_key_in_session_storage_and_out_of_every_url() {
        page.navigate(hub.baseUrl() + "/");
        var key = page.getByLabel("Secret API key");
        assertThat(page.getByLabel("Email", new Page.GetByLabelOptions().setExact(true))).isFocused();
        Chromium.screenshot(page, "signin");

        key.focus();
        page.keyboard().type("fh_secret_not_a_real_key_000000");
        page.keyboard().press("Enter");
        assertThat(page.locator("#signin-problem")).containsText("cannot read");

        key.fill(TestHub.SECRET_KEY);
        page.keyboard().press("Enter");

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Overview"))).isVisible();
        assertEquals(TestHub.SECRET_KEY, page.evaluate("sessionStorage.getItem('feedbackhub.dashboard.key')"));
        assertEquals(0L, ((Number) page.evaluate("localStorage.length")).longValue(), "nothing outlives the tab");
        assertFalse(page.url().contains(TestHub.SECRET_KEY), page.url());
        var requested = new ArrayList<String>();
        page.onRequest(r -> requested.add(r.url()));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Feed")).click();
        assertThat(page.locator("#feed-list article").first()).isVisible();
        assertTrue(requested.stream().noneMatch(u -> u.contains(TestHub.SECRET_KEY)), requested::toString);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();

        assertThat(page.getByLabel("Secret API key")).isVisible();
        assertEquals(null, page.evaluate("sessionStorage.getItem('feedbackhub.dashboard.key')"));
    }

    // ---------------------------------------------------------------- overview and filters

    @Test
    void the_overview_shows_feedback_from_the_api_and_a_dialect_with_its_trend() {
        signInWithTheSecretKey(page, hub);

        assertThat(card("Feedback")).hasText(String.format(Locale.ENGLISH, "%,d", data.total));
        var overall = stats("").get("overall").get("positive_rate");
        assertThat(card("Positive rate")).hasText(String.format(Locale.ENGLISH, "%.1f %%", overall.get("rate").asDouble() * 100));
        assertTrue(page.locator("#trend-chart rect.bar").count() >= DashboardData.HISTORY_DAYS, "a bar per day with feedback");
        assertThat(page.locator("#trend-chart polygon.band").first()).isAttached();
        assertThat(page.locator("#trend-chart svg")).hasAttribute("role", "img");
        assertThat(page.locator("#overview-reasons")).containsText("outdated");
        assertThat(page.locator("#f-agent option[value='" + DashboardData.CONTEXTUAL_AGENT + "']")).hasCount(1);
        assertUsableOnALaptop();
        Chromium.screenshot(page, "overview");
    }

    @Test
    void filters_change_what_the_overview_shows() {
        signInWithTheSecretKey(page, hub);
        assertThat(card("Feedback")).hasText(String.format(Locale.ENGLISH, "%,d", data.total));

        filters().getByLabel("Agent").selectOption(DashboardData.CONTEXTUAL_AGENT);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();

        assertThat(card("Feedback")).hasText(Integer.toString(data.contextual));
        assertThat(page.locator("#overview-scope")).containsText(DashboardData.CONTEXTUAL_AGENT);

        filters().getByLabel("Agent").selectOption("");
        filters().getByLabel("Metadata key").fill("prompt_version");
        filters().getByLabel("Metadata value").fill("v1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();

        var v1 = stats("&metadata.prompt_version=v1").get("overall").get("total").asInt();
        assertThat(card("Feedback")).hasText(String.format(Locale.ENGLISH, "%,d", v1));
        assertTrue(v1 < data.total && v1 > 0, "v1 is part of the whole: " + v1);

        filters().getByLabel("Time range").selectOption("7");
        filters().getByLabel("Metadata value").fill("v2");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();

        var week = stats("&metadata.prompt_version=v2&from=" + Instant.now().minus(Duration.ofDays(7))).get("overall").get("total").asInt();
        assertThat(card("Feedback")).hasText(String.format(Locale.ENGLISH, "%,d", week));
        Chromium.screenshot(page, "overview-filtered");
    }

    // ---------------------------------------------------------------- breakdowns

    @Test
    void breakdowns_show_agents_reasons_surfaces_and_retrieved_content() {
        signInWithTheSecretKey(page, hub);
        navigateByKeyboard(page, "Breakdowns");

        assertThat(page.locator("#by-agent_id")).containsText(DashboardData.SUPPORT_BOT);
        assertThat(page.locator("#by-agent_id")).containsText(DashboardData.CONTEXTUAL_AGENT);
        assertThat(page.locator("#by-reason")).containsText("outdated");
        assertThat(page.locator("#by-source_surface")).containsText("mobile");
        assertThat(page.locator("#by-content_id")).containsText("kb-refunds-2023");
        var support = page.locator("#by-agent_id tr").filter(new Locator.FilterOptions().setHasText(DashboardData.SUPPORT_BOT));
        assertThat(support.locator("td").first()).hasText(String.format(Locale.ENGLISH, "%,d",
                groupTotal(stats("&group_by=agent_id"), "agent_id", DashboardData.SUPPORT_BOT)));
        assertUsableOnALaptop();
        Chromium.screenshot(page, "breakdowns");
    }

    // ---------------------------------------------------------------- compare

    @Test
    void the_compare_view_states_the_verdict_in_words_for_the_chosen_cohorts() {
        signInWithTheSecretKey(page, hub);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Compare")).click();

        page.getByLabel("Compare by").selectOption("metadata");
        page.locator("#compare-form").getByLabel("Metadata key").fill("prompt_version");
        page.locator("#compare-form").getByLabel("Cohort A").fill("v1");
        page.locator("#compare-form").getByLabel("Cohort B").fill("v2");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compare").setExact(true)).click();

        var byVersion = compare("a.metadata.prompt_version=v1&b.metadata.prompt_version=v2");
        assertThat(page.locator("#compare-result .verdict")).hasText(byVersion.get("verdict").asText());
        assertThat(page.locator("#compare-result")).containsText("Cohort A: v1");
        Chromium.screenshot(page, "compare");

        page.getByLabel("Compare by").selectOption("agent_id");
        page.locator("#compare-form").getByLabel("Cohort A").fill(DashboardData.SUPPORT_BOT);
        page.locator("#compare-form").getByLabel("Cohort B").fill(DashboardData.SALES);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compare").setExact(true)).click();

        var byAgent = compare("a.agent_id=" + DashboardData.SUPPORT_BOT + "&b.agent_id=" + DashboardData.SALES);
        // the agent's registered name, its id beside it
        assertThat(page.locator("#compare-result")).containsText("Cohort B: Sales assistant (" + DashboardData.SALES + ")");
        assertThat(page.locator("#compare-result .verdict")).hasText(byAgent.get("verdict").asText());
    }

    // ---------------------------------------------------------------- feed

    @Test
    void the_feed_lists_recent_feedback_negative_first_with_the_answer_and_its_edit_history() {
        signInWithTheSecretKey(page, hub);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Feed")).click();

        var first = page.locator("#feed-list article").first();
        assertThat(first).isVisible();
        assertThat(page.locator("#feed-list")).containsText(DashboardData.CONTEXTUAL_COMMENT);
        assertThat(page.locator("#feed-list")).containsText(DashboardData.REFUND_COMMENT);

        page.getByLabel("Negative first").check();
        assertThat(page.locator("#feed-list article").first()).hasClass(Pattern.compile("negative"));
        var negatives = page.locator("#feed-list article.negative").count();
        assertEquals(negatives, page.locator("#feed-list article").count(), "the first page is all negative");

        var refund = page.locator("#feed-list article").filter(new Locator.FilterOptions().setHasText(DashboardData.REFUND_COMMENT));
        var toggle = refund.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Answer and history"));
        toggle.focus();
        page.keyboard().press("Enter");

        assertThat(toggle).hasAttribute("aria-expanded", "true");
        assertThat(refund.locator(".details")).containsText(DashboardData.REFUND_PROMPT);
        assertThat(refund.locator(".details")).containsText(DashboardData.REFUND_ANSWER);
        assertThat(refund.locator(".details")).containsText("2 revisions");
        assertThat(refund.locator(".details ol li")).hasCount(2);
        assertThat(refund.locator(".details ol li").first()).containsText("Thumbs up");
        assertUsableOnALaptop();
        refund.scrollIntoViewIfNeeded();
        Chromium.screenshot(page, "feed", false);
    }

    // ---------------------------------------------------------------- export

    @Test
    void every_export_format_downloads_what_the_filters_select() throws Exception {
        signInWithTheSecretKey(page, hub);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Export")).click();

        var expectations = List.of(
                new String[]{"Download JSONL", ".jsonl", Integer.toString(data.total)},
                new String[]{"Download CSV", ".csv", Integer.toString(data.total + 1)},
                new String[]{"Download preference pairs", ".jsonl", "1"},
                new String[]{"Download eval cases", ".jsonl", "1"});
        for (var e : expectations) {
            var button = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(e[0]));
            var download = page.waitForDownload(button::click);

            assertTrue(download.suggestedFilename().endsWith(e[1]), download.suggestedFilename());
            var lines = Files.readAllLines(download.path()).stream().filter(l -> !l.isBlank()).count();
            assertEquals(Long.parseLong(e[2]), lines, e[0]);
        }
        assertThat(page.locator("#export-status")).containsText("Downloaded");
        Chromium.screenshot(page, "export");

        filters().getByLabel("Agent").selectOption(DashboardData.CONTEXTUAL_AGENT);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        var filtered = page.waitForDownload(() -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download JSONL")).click());

        assertEquals(data.contextual, Files.readAllLines(filtered.path()).stream().filter(l -> !l.isBlank()).count());
    }

    @Test
    void a_workspace_without_feedback_shows_empty_views_without_errors() {
        var emptyTenant = hub.otherTenant();
        page.navigate(hub.baseUrl() + "/");
        page.getByLabel("Secret API key").fill(emptyTenant.key());
        page.keyboard().press("Enter");

        assertThat(card("Feedback")).hasText("0");
        assertThat(card("Positive rate")).hasText("–");
        assertThat(page.locator("#overview-reasons")).containsText("No reasons");
        for (var view : List.of("Breakdowns", "Compare", "Feed", "Export")) {
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(view)).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).isVisible();
        }
        assertThat(page.locator("#feed-empty")).isHidden();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Feed")).click();
        assertThat(page.locator("#feed-empty")).isVisible();
        assertThat(page.locator("#error")).isHidden();
    }

    // ---------------------------------------------------------------- truth on every view

    @Test
    void breakdowns_show_registered_names_instead_of_ids() {
        signInWithTheSecretKey(page, hub);
        navigateByKeyboard(page, "Breakdowns");

        var support = page.locator("#by-agent_id tbody tr").filter(new Locator.FilterOptions().setHasText(DashboardData.SUPPORT_BOT));
        assertThat(support.locator("th")).containsText("Support bot");
        var chunk = page.locator("#by-content_id tbody tr").filter(new Locator.FilterOptions().setHasText(DashboardData.REFUND_CHUNK));
        assertThat(chunk.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(DashboardData.REFUND_CHUNK_TITLE)))
                .hasAttribute("href", DashboardData.REFUND_CHUNK_URL);
        var unnamed = page.locator("#by-content_id tbody tr").filter(new Locator.FilterOptions().setHasText("kb-shipping"));
        assertThat(unnamed.locator("th")).hasText("kb-shipping");
        filters().getByLabel("Agent").selectOption(DashboardData.SUPPORT_BOT);
        assertThat(filters().getByLabel("Agent").locator("option:checked")).hasText("Support bot (" + DashboardData.SUPPORT_BOT + ")");
    }

    @Test
    void an_invalid_filter_shows_each_sub_query_error_in_place_of_its_table_and_no_earlier_numbers() {
        signInWithTheSecretKey(page, hub);
        navigateByKeyboard(page, "Breakdowns");
        assertThat(page.locator("#by-reason tbody tr").first()).isVisible();

        filters().getByLabel("Metadata key").fill("prompt version");
        filters().getByLabel("Metadata value").fill("v1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();

        for (var dim : List.of("agent_id", "reason", "source_surface", "content_id")) {
            assertThat(page.locator("#by-" + dim + " .load-error")).containsText("422");
            assertThat(page.locator("#by-" + dim + " .load-error")).containsText("metadata keys are 1-64 characters");
            assertThat(page.locator("#by-" + dim + " table")).hasCount(0);
        }
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Overview")).click();
        assertThat(page.locator("#overview-cards .load-error")).containsText("422");
        assertThat(page.locator("#overview-cards .card")).hasCount(0);
        assertThat(page.locator("#trend-chart svg")).hasCount(0);
        Chromium.screenshot(page, "overview-failed");
    }

    @Test
    void one_failed_sub_query_shows_its_error_while_the_other_tables_show_the_new_filter() {
        signInWithTheSecretKey(page, hub);
        navigateByKeyboard(page, "Breakdowns");
        assertThat(page.locator("#by-content_id tbody tr").first()).isVisible();
        // the hub does not answer this one request: the browser sees a network failure
        page.route(url -> url.contains("group_by=content_id") && url.contains("agent_id=" + DashboardData.SUPPORT_BOT), Route::abort);

        filters().getByLabel("Agent").selectOption(DashboardData.SUPPORT_BOT);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();

        assertThat(page.locator("#by-content_id .load-error")).containsText("did not answer");
        assertThat(page.locator("#by-content_id table")).hasCount(0);
        assertThat(page.locator("#by-agent_id tbody tr")).hasCount(1);
        assertThat(reasonTotal("outdated")).hasText(total(groupTotal(
                stats("&group_by=reason&agent_id=" + DashboardData.SUPPORT_BOT), "reason", "outdated")));
        Chromium.screenshot(page, "breakdowns-one-failed");
    }

    @Test
    void late_answers_of_an_earlier_filter_are_dropped() {
        signInWithTheSecretKey(page, hub);
        navigateByKeyboard(page, "Breakdowns");
        assertThat(page.locator("#by-reason tbody tr").first()).isVisible();
        var held = new ArrayList<Route>();
        page.route(url -> url.contains("/v1/stats?") && url.contains("agent_id=" + DashboardData.SALES), held::add);
        var dropped = new AtomicInteger();
        page.onConsoleMessage(m -> {
            if (m.text().startsWith("dropped a late answer of an earlier filter: breakdowns")) {
                dropped.incrementAndGet();
            }
        });
        filters().getByLabel("Agent").selectOption(DashboardData.SALES);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        page.waitForCondition(() -> held.size() == 4);

        filters().getByLabel("Agent").selectOption(DashboardData.SUPPORT_BOT);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        var supportOutdated = total(groupTotal(stats("&group_by=reason&agent_id=" + DashboardData.SUPPORT_BOT), "reason", "outdated"));
        assertThat(reasonTotal("outdated")).hasText(supportOutdated);
        held.forEach(Route::resume);
        page.waitForCondition(() -> dropped.get() == 4);

        assertThat(page.locator("#by-agent_id tbody tr")).hasCount(1);
        assertThat(page.locator("#by-agent_id")).not().containsText(DashboardData.SALES);
        assertThat(reasonTotal("outdated")).hasText(supportOutdated);
    }

    @Test
    void breakdown_tables_sort_by_any_column_from_the_keyboard() {
        signInWithTheSecretKey(page, hub);
        navigateByKeyboard(page, "Breakdowns");
        var table = page.locator("#by-reason table");
        assertThat(table.locator("tbody tr").first()).isVisible();
        assertThat(table.locator("th[data-column='total']")).hasAttribute("aria-sort", "descending");

        table.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("negative")).focus();
        page.keyboard().press("Enter");

        assertThat(table.locator("th[data-column='negative']")).hasAttribute("aria-sort", "descending");
        assertThat(table.locator("th[data-column='total']")).not().hasAttribute("aria-sort", Pattern.compile(".*"));
        var negatives = numbers(table.locator("tbody tr td:nth-child(5)").allTextContents());
        assertEquals(negatives.stream().sorted(java.util.Comparator.reverseOrder()).toList(), negatives);

        page.keyboard().press("Enter");
        assertThat(table.locator("th[data-column='negative']")).hasAttribute("aria-sort", "ascending");
        assertEquals(negatives.reversed(), numbers(table.locator("tbody tr td:nth-child(5)").allTextContents()));

        table.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reason")).focus();
        page.keyboard().press("Space");
        assertThat(table.locator("th[data-column='key']")).hasAttribute("aria-sort", "ascending");
        var reasons = table.locator("tbody tr th").allTextContents();
        assertEquals(reasons.stream().sorted().toList(), reasons);
        assertEquals(List.of("off topic", "outdated", "too long", "wrong"), reasons);
    }

    @Test
    void the_filters_live_in_the_url_so_a_reload_or_a_shared_link_restores_the_view() {
        signInWithTheSecretKey(page, hub);
        navigateByKeyboard(page, "Breakdowns");
        filters().getByLabel("Agent").selectOption(DashboardData.SUPPORT_BOT);
        filters().getByLabel("Time range").selectOption("90");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        assertThat(page.locator("#by-agent_id tbody tr")).hasCount(1);

        var url = page.url();
        assertTrue(url.contains("#breakdowns?") && url.contains("agent=" + DashboardData.SUPPORT_BOT) && url.contains("range=90"), url);
        assertFalse(url.contains(TestHub.SECRET_KEY), url);
        page.reload();

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Breakdowns").setLevel(1))).isVisible();
        assertThat(filters().getByLabel("Agent")).hasValue(DashboardData.SUPPORT_BOT);
        assertThat(filters().getByLabel("Time range")).hasValue("90");
        assertThat(page.locator("#by-agent_id tbody tr")).hasCount(1);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Feed"))).hasAttribute("href", Pattern.compile(".*agent=.*"));

        try (var other = chromium.newContext()) {
            var shared = other.newPage();
            shared.navigate(url);
            shared.getByLabel("Secret API key").fill(TestHub.SECRET_KEY);
            shared.keyboard().press("Enter");
            assertThat(shared.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Breakdowns").setLevel(1))).isVisible();
            assertThat(shared.locator("#filters").getByLabel("Agent")).hasValue(DashboardData.SUPPORT_BOT);
            assertThat(shared.locator("#by-agent_id tbody tr")).hasCount(1);
            assertThat(shared.locator("#by-agent_id")).containsText("Support bot");
        }
    }

    @Test
    void a_comparison_in_the_url_runs_again_on_reload() {
        signInWithTheSecretKey(page, hub);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Compare")).click();
        page.getByLabel("Compare by").selectOption("metadata");
        page.locator("#compare-form").getByLabel("Metadata key").fill("prompt_version");
        page.locator("#compare-form").getByLabel("Cohort A").fill("v1");
        page.locator("#compare-form").getByLabel("Cohort B").fill("v2");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compare").setExact(true)).click();
        var verdict = compare("a.metadata.prompt_version=v1&b.metadata.prompt_version=v2").get("verdict").asText();
        assertThat(page.locator("#compare-result .verdict")).hasText(verdict);
        assertTrue(page.url().contains("compare_by=metadata") && page.url().contains("a=v1") && page.url().contains("b=v2"), page.url());

        page.reload();

        assertThat(page.locator("#compare-result .verdict")).hasText(verdict);
        assertThat(page.locator("#compare-form").getByLabel("Cohort B")).hasValue("v2");
    }

    @Test
    void a_comparison_made_under_other_filters_is_made_again_when_the_view_is_shown() {
        signInWithTheSecretKey(page, hub);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Compare")).click();
        page.locator("#compare-form").getByLabel("Cohort A").fill("v1");
        page.locator("#compare-form").getByLabel("Cohort B").fill("v2");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compare").setExact(true)).click();
        assertThat(page.locator("#compare-result .verdict")).hasText(
                compare("a.metadata.prompt_version=v1&b.metadata.prompt_version=v2").get("verdict").asText());

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Overview")).click();
        filters().getByLabel("Agent").selectOption(DashboardData.SALES);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        assertThat(page.locator("#overview-scope")).containsText(DashboardData.SALES);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Compare")).click();

        var forSales = compare("agent_id=" + DashboardData.SALES + "&a.metadata.prompt_version=v1&b.metadata.prompt_version=v2");
        assertThat(page.locator("#compare-result .verdict")).hasText(forSales.get("verdict").asText());
        assertThat(page.locator("#compare-result [aria-label='Cohort B']")).containsText(
                "positive (" + forSales.get("b").get("positive_rate").get("positive").asInt() + " of ");
    }

    @Test
    void every_view_fits_a_390_px_phone_without_sideways_scrolling() {
        try (var phone = chromium.newContext(390, 844)) {
            var small = phone.newPage();
            small.onPageError(pageErrors::add);
            small.navigate(hub.baseUrl() + "/");
            small.getByLabel("Secret API key").fill(TestHub.SECRET_KEY);
            small.keyboard().press("Enter");
            assertThat(small.locator("#overview-cards .card").first()).isVisible();
            assertFitsAPhone(small, "Overview");

            small.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Breakdowns")).click();
            assertThat(small.locator("#by-content_id tbody tr").first()).isVisible();
            assertFitsAPhone(small, "Breakdowns");
            Chromium.screenshot(small, "phone-breakdowns");

            small.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Compare")).click();
            small.locator("#compare-form").getByLabel("Cohort A").fill("v1");
            small.locator("#compare-form").getByLabel("Cohort B").fill("v2");
            small.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compare").setExact(true)).click();
            assertThat(small.locator("#compare-result .verdict")).isVisible();
            assertFitsAPhone(small, "Compare");

            small.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Feed")).click();
            assertThat(small.locator("#feed-list article").first()).isVisible();
            small.locator("#feed-list article").first().getByRole(AriaRole.BUTTON).click();
            assertFitsAPhone(small, "Feed");

            small.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Export")).click();
            assertFitsAPhone(small, "Export");
        }
    }

    private Locator reasonTotal(String reason) {
        return page.locator("#by-reason tbody tr").filter(new Locator.FilterOptions().setHasText(reason)).locator("td").first();
    }

    private static String total(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    private static List<Long> numbers(List<String> texts) {
        return texts.stream().map(t -> Long.parseLong(t.replace(",", "").trim())).toList();
    }

    // ---------------------------------------------------------------- accessibility

    @Test
    void every_control_has_a_label_and_text_meets_contrast_on_every_view() {
        signInWithTheSecretKey(page, hub);
        for (var view : List.of("Overview", "Breakdowns", "Compare", "Feed", "Export")) {
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(view)).click();
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(view))).hasAttribute("aria-current", "page");

            assertAccessible(page, view);
        }
    }

    // ---------------------------------------------------------------- helpers

    private Locator filters() {
        return page.locator("#filters");
    }

    private Locator card(String label) {
        return page.locator("#overview-cards .card:has(> .label:text-is('" + label + "')) > .value");
    }

    /** What /v1/stats says over the dashboard's default range (the last 30 days). */
    private JsonNode stats(String extra) {
        var from = extra.contains("from=") ? "" : "&from=" + Instant.now().minus(Duration.ofDays(30));
        return hub.api.get("/v1/stats?tz=UTC" + from + extra).json();
    }

    private JsonNode compare(String cohorts) {
        var from = URLEncoder.encode(Instant.now().minus(Duration.ofDays(30)).toString(), StandardCharsets.UTF_8);
        return hub.api.get("/v1/stats/compare?from=" + from + "&" + cohorts).json();
    }

    private static long groupTotal(JsonNode stats, String dimension, String value) {
        for (var g : stats.get("groups")) {
            if (value.equals(g.get("key").get(dimension).asText())) {
                return g.get("total").asLong();
            }
        }
        throw new AssertionError("no group " + value + " in " + stats);
    }

    /** 1366x768 shows the page without sideways scrolling. */
    private void assertUsableOnALaptop() {
        var width = ((Number) page.evaluate("document.documentElement.scrollWidth")).intValue();
        assertTrue(width <= 1366, "the page is " + width + " px wide at a 1366 px window");
    }
}
