package io.feedbackhub.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The contents registry: names the retrieved chunks that feedback's content_id points at, so that people read
 * "Refund policy (2023)" rather than an id. Registering is optional and changes no feedback or rollup.
 */
public final class ContentService {
    public static final int MAX_TITLE_LENGTH = RegistryService.MAX_TITLE_LENGTH;
    public static final int MAX_URL_LENGTH = 2048;
    /** What a retrieved chunk said, as long as a traced prompt or answer may be. */
    public static final int MAX_TEXT_LENGTH = RegistryService.MAX_CONTENT_LENGTH;
    /** One dashboard table asks for its rows' names at once; a page of the listing is the natural bound. */
    public static final int MAX_IDS_PER_LOOKUP = FeedbackQuery.MAX_LIMIT;

    private final ContentStore store;
    private final Clock clock;

    public ContentService(ContentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates or replaces the content's title, source URL and metadata; the first created_at is kept. */
    public Content put(String tenantId, String id, String title, String sourceUrl, Map<String, String> metadata) {
        return put(tenantId, id, title, sourceUrl, metadata, null);
    }

    /** As {@link #put}, with what the chunk said ({@code text} null keeps what is stored). */
    public Content put(String tenantId, String id, String title, String sourceUrl, Map<String, String> metadata, String text) {
        var errors = new ArrayList<FieldError>();
        if (id.isEmpty() || id.length() > FeedbackRules.MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            errors.add(FieldError.of("id", "must be 1-" + FeedbackRules.MAX_ID_LENGTH + " characters without control characters"));
        }
        if (title != null && (title.length() > MAX_TITLE_LENGTH || title.chars().anyMatch(c -> c == 0))) {
            errors.add(FieldError.of("title", "must be at most " + MAX_TITLE_LENGTH + " characters, got " + title.length()));
        }
        if (sourceUrl != null) {
            checkUrl(errors, sourceUrl);
        }
        if (text != null && text.length() > MAX_TEXT_LENGTH) {
            errors.add(FieldError.of("text", "must be at most " + MAX_TEXT_LENGTH + " characters, got " + text.length()));
        }
        var meta = metadata == null ? Map.<String, String>of() : metadata;
        FeedbackRules.metadata(errors, meta);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return store.put(tenantId, new Content(id, title, sourceUrl, meta, now, now, text));
    }

    public Content get(String tenantId, String id) {
        return store.get(tenantId, id).orElseThrow(() -> new NotFound("content", id));
    }

    public List<Content> getAll(String tenantId, Collection<String> ids) {
        if (ids.size() > MAX_IDS_PER_LOOKUP) {
            throw new InvalidInput(FieldError.of("ids", "must name at most " + MAX_IDS_PER_LOOKUP + " ids, got " + ids.size()));
        }
        return ids.isEmpty() ? List.of() : store.getAll(tenantId, ids);
    }

    public Page<Content> list(String tenantId, String afterId, int limit) {
        return store.list(tenantId, afterId, limit);
    }

    /** Retention of context: forgets what chunks registered before {@code cutoff} said, in every tenant. */
    public int forgetTextBefore(java.time.Instant cutoff) {
        return store.forgetTextBefore(cutoff);
    }

    /** Only http(s) links: the dashboard renders the URL as a link, and a javascript: URL there would run. */
    private static void checkUrl(List<FieldError> errors, String url) {
        if (url.length() > MAX_URL_LENGTH) {
            errors.add(FieldError.of("source_url", "must be at most " + MAX_URL_LENGTH + " characters, got " + url.length()));
            return;
        }
        try {
            var uri = new URI(url);
            var scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
                errors.add(FieldError.of("source_url", "must be an absolute http or https URL, got \"" + clip(url) + "\""));
            }
        } catch (URISyntaxException e) {
            errors.add(FieldError.of("source_url", "is not a valid URL: " + e.getReason()));
        }
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
