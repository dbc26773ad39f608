package io.feedbackhub.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.SearchHit;
import io.feedbackhub.core.SearchQuery;
import io.feedbackhub.core.TextSearch;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.Cursor;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.http.QueryParams;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;

/**
 * GET /v1/search?q=…: answers, prompts and feedback comments and corrections of the caller's tenant by their words,
 * newest first in keyset pages. A search text that cannot be searched is a 400; the other parameters are read like
 * every listing's (422 with each field's error).
 */
final class SearchRoutes {
    static final int MAX_LIMIT = 100;
    private static final Set<String> KNOWN = Set.of("q", "agent_id", "thread_id", "created_from", "created_to", "limit", "cursor");

    private final TextSearch search;
    private final FeedbackReads reads;

    SearchRoutes(TextSearch search, FeedbackReads reads) {
        this.search = search;
        this.reads = reads;
    }

    void declare(RouteTable routes) {
        routes.get("/v1/search", Access.VIEWER, this::search);
    }

    private void search(Context ctx) {
        var q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw HttpFailure.badRequest("q is required: the words to look for in answers, prompts, comments and corrections");
        }
        if (q.length() > TextSearch.MAX_QUERY_LENGTH) {
            throw HttpFailure.badRequest("q must be at most " + TextSearch.MAX_QUERY_LENGTH + " characters, got " + q.length());
        }
        var words = TextSearch.words(q);
        if (words.isEmpty()) {
            throw HttpFailure.badRequest("q has no words to look for (letters or digits), got \"" + q + "\"");
        }
        if (words.size() > TextSearch.MAX_WORDS) {
            throw HttpFailure.badRequest("q must have at most " + TextSearch.MAX_WORDS + " words, got " + words.size());
        }
        var errors = new ArrayList<FieldError>();
        for (var name : ctx.queryParamMap().keySet()) {
            if (!KNOWN.contains(name)) {
                errors.add(new FieldError(name, "is not a search parameter; known: " + new TreeSet<>(KNOWN), "extra_forbidden"));
            }
        }
        var from = QueryParams.instant(ctx, "created_from", errors);
        var to = QueryParams.instant(ctx, "created_to", errors);
        if (from != null && to != null && from.isAfter(to)) {
            errors.add(FieldError.of("created_from", "must not be after created_to"));
        }
        int limit = QueryParams.limit(ctx, errors);
        if (limit > MAX_LIMIT) {
            errors.add(FieldError.of("limit", "must be at most " + MAX_LIMIT + " for a search, got " + limit));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var after = position(Cursor.decode(ctx.queryParam("cursor")));
        var query = new SearchQuery(words, ctx.queryParam("agent_id"), ctx.queryParam("thread_id"), from, to, after,
                Math.min(limit, MAX_LIMIT), reads.freeText(Credentials.caller(ctx)));
        var found = search.search(Credentials.caller(ctx).tenantId(), query);
        var next = found.more() ? cursorText(found.hits().get(found.hits().size() - 1).position()) : null;
        var shown = reads.searchHits(Credentials.caller(ctx), found.hits());
        ctx.json(FeedbackRoutes.pageBody(shown.stream().map(SearchRoutes::hit).toList(), next));
    }

    /** A cursor's text: created_at millis, kind and id, so the next page starts right after the last hit. */
    private static String cursorText(SearchHit.Position p) {
        return p.createdAt().toEpochMilli() + ":" + p.kind().wire() + ":" + p.id();
    }

    private static SearchHit.Position position(String text) {
        if (text == null) {
            return null;
        }
        var parts = text.split(":", 3);
        try {
            if (parts.length == 3) {
                return new SearchHit.Position(Instant.ofEpochMilli(Long.parseLong(parts[0])),
                        SearchHit.Kind.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT)), parts[2]);
            }
        } catch (IllegalArgumentException ignored) {
            // falls through: a cursor of another listing
        }
        throw HttpFailure.badRequest("cursor is not valid: pass back the next_cursor of a previous search page unchanged");
    }

    private static ObjectNode hit(SearchHit h) {
        return Json.object().put("kind", h.kind().wire()).put("id", h.id()).put("message_id", h.messageId())
                .put("trace_id", h.traceId()).put("thread_id", h.threadId()).put("field", h.field())
                .put("excerpt", h.excerpt()).put("created_at", FeedbackJson.iso(h.createdAt()));
    }
}
