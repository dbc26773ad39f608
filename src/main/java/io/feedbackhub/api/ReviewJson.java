package io.feedbackhub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.insight.agreement.AgreementReport;
import io.feedbackhub.insight.agreement.Estimate;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.review.Claim;
import io.feedbackhub.review.ItemFilter;
import io.feedbackhub.review.Progress;
import io.feedbackhub.review.ReviewItem;
import io.feedbackhub.review.ReviewQueue;
import io.feedbackhub.review.WinRate;

/** The wire shape of review queues, items, claims, progress and agreement reports. */
final class ReviewJson {
    private ReviewJson() {
    }

    static ObjectNode queue(ReviewQueue q) {
        var o = Json.object().put("id", q.id()).put("name", q.name()).put("kind", q.kind().wire());
        q.form().forEach(o.putArray("form")::add);
        return o.put("reviewers_per_item", q.reviewersPerItem()).put("blind", q.blind()).put("adjudicate", q.adjudicate())
                .put("instructions", q.instructions()).put("lease_seconds", q.lease().toSeconds())
                .put("created_at", FeedbackJson.iso(q.createdAt()));
    }

    static ObjectNode queueWithProgress(ReviewQueue q, Progress p) {
        var o = queue(q);
        var progress = o.putObject("progress").put("items", p.items()).put("done_items", p.doneItems()).put("reviews", p.reviews())
                .put("leased", p.leased()).put("reviews_needed", p.needed());
        var reviewers = progress.putArray("reviewers");
        for (var r : p.reviewers()) {
            reviewers.addObject().put("reviewer_id", r.reviewerId()).put("reviewed", r.reviewed()).put("leased", r.leased())
                    .put("skipped", r.skipped());
        }
        return o;
    }

    static ObjectNode item(ReviewItem i) {
        var o = Json.object().put("id", i.id()).put("message_id", i.messageId()).put("trace_id", i.traceId())
                .put("thread_id", i.threadId()).put("added_at", FeedbackJson.iso(i.addedAt()));
        if (i.isPair()) {
            o.putArray("pair").add(i.messageId()).add(i.otherMessageId());
        }
        if (i.resolvedLabel() != null) {
            o.putObject("resolved").put("name", i.resolvedName()).put("label", i.resolvedLabel()).put("by", i.resolvedBy())
                    .put("at", FeedbackJson.iso(i.resolvedAt()));
        }
        return o;
    }

    static ObjectNode claim(ReviewQueue q, Claim c) {
        var o = Json.object();
        o.set("item", item(c.item()));
        if (q.blind()) {
            ((ObjectNode) o.get("item")).remove("resolved"); // an adjudicator's label is another's label
        }
        o.put("reviewer_id", c.reviewerId()).put("lease_expires_at", FeedbackJson.iso(c.expiresAt()));
        if (c.item().isPair()) {
            var shown = o.putArray("shown_order");
            c.item().shownOrder(c.reviewerId()).forEach(shown::add);
        }
        q.form().forEach(o.putArray("form")::add);
        return o.put("instructions", q.instructions());
    }

    static ObjectNode filter(ItemFilter f) {
        var o = Json.object().put("id", f.id()).put("over", f.source());
        o.set(f.source(), Json.parse(f.filter()));
        if (f.sampleRate() != null) {
            o.putObject("sample").put("rate", f.sampleRate()).put("seed", f.seed());
        }
        return o.put("live", f.live()).put("created_at", FeedbackJson.iso(f.createdAt()));
    }

    static ObjectNode winRate(WinRate w) {
        var o = Json.object().put("key", w.key()).put("comparisons", w.comparisons()).put("wins", w.wins()).put("losses", w.losses())
                .put("ties", w.ties()).put("win_rate", w.rate());
        if (w.interval() != null) {
            o.putObject("interval").put("low", w.interval().low()).put("high", w.interval().high());
        }
        return o;
    }

    static ObjectNode agreement(AgreementReport r) {
        var o = Json.object().put("units", r.units()).put("ratings", r.ratings()).put("raters", r.raters())
                .put("pairable_units", r.pairableUnits()).put("minimum_overlap", r.minimumOverlap())
                .put("enough_overlap", r.enoughOverlap());
        if (!r.enoughOverlap()) {
            o.put("verdict", "not enough overlap to say: " + r.pairableUnits() + " units rated by two or more raters, at least "
                    + r.minimumOverlap() + " needed");
        }
        var categories = o.putArray("categories");
        r.categories().forEach(categories::add);
        estimate(o, "percent_agreement", r.percentAgreement());
        estimate(o, "fleiss_kappa", r.fleissKappa());
        estimate(o, "cohen_kappa", r.cohenKappa());
        var alpha = o.putObject("krippendorff_alpha");
        r.alpha().forEach((level, e) -> estimate(alpha, level.wire(), e));
        var labels = o.putArray("labels");
        for (var l : r.labels()) {
            estimate(labels.addObject().put("label", l.label()).put("ratings", l.ratings()), "fleiss_kappa", l.kappa());
        }
        var pairs = o.putArray("pairs");
        for (var p : r.pairs()) {
            var pair = pairs.addObject().put("rater_a", p.raterA()).put("rater_b", p.raterB()).put("shared_units", p.sharedUnits())
                    .put("enough_overlap", p.enoughOverlap());
            estimate(pair, "percent_agreement", p.percentAgreement());
            estimate(pair, "cohen_kappa", p.cohenKappa());
            matrix(pair.putArray("confusion"), p.confusion());
        }
        var coincidences = o.putArray("coincidences");
        for (var row : r.coincidences()) {
            var line = coincidences.addArray();
            for (double v : row) {
                line.add(v);
            }
        }
        return o;
    }

    static void estimate(ObjectNode parent, String field, Estimate e) {
        if (e == null) {
            parent.putNull(field);
            return;
        }
        var o = parent.putObject(field);
        if (e.value() == null) {
            o.putNull("value");
        } else {
            o.put("value", e.value());
        }
        InsightJson.interval(o, e.interval());
    }

    private static void matrix(ArrayNode out, int[][] m) {
        for (var row : m) {
            var line = out.addArray();
            for (int v : row) {
                line.add(v);
            }
        }
    }
}
