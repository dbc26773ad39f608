package io.feedbackhub.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Change;
import io.feedbackhub.core.Durations;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import io.feedbackhub.settings.Settings;
import io.feedbackhub.settings.SettingsChange;
import io.feedbackhub.settings.ViewerComments;
import io.javalin.http.Context;

import java.time.ZoneId;
import java.util.Set;

/** {@code /v1/settings}: the caller's project settings, read by any member, changed by admins. */
final class SettingsRoutes {
    private static final Set<String> FIELDS = Set.of("strict_conversations", "time_zone", "viewer_comments");

    private final Settings settings;

    SettingsRoutes(Settings settings) {
        this.settings = settings;
    }

    void declare(RouteTable routes) {
        routes.get("/v1/settings", Access.VIEWER, ctx -> ctx.json(write(Credentials.caller(ctx).tenantId())))
                .patch("/v1/settings", Access.ADMIN, this::change);
    }

    /** Every field is checked before anything is written: one bad value leaves all settings as they were. */
    private void change(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(FIELDS);
        Change<Boolean> strict = Change.keep();
        if (in.has("strict_conversations")) {
            strict = Change.set(in.isNull("strict_conversations") ? null : in.bool("strict_conversations"));
        }
        Change<ZoneId> zone = Change.keep();
        if (in.has("time_zone")) {
            zone = Change.set(in.isNull("time_zone") ? null : zone(in));
        }
        Change<ViewerComments> comments = Change.keep();
        if (in.has("viewer_comments")) {
            var text = in.isNull("viewer_comments") ? null : in.string("viewer_comments");
            var parsed = ViewerComments.parse(text);
            if (parsed.isEmpty()) {
                in.error("viewer_comments", "must be shown or hidden, got " + (text == null ? "null" : "\"" + text + "\""), "enum");
            } else {
                comments = Change.set(parsed.get());
            }
        }
        in.throwIfInvalid();
        settings.change(tenant, new SettingsChange(strict, zone, comments));
        ctx.json(write(tenant));
    }

    /** An IANA zone id (Europe/Paris, America/New_York, UTC); offsets such as +02:00 follow no daylight saving and are refused. */
    private static ZoneId zone(JsonFields in) {
        var text = in.string("time_zone");
        if (text == null) {
            return null;
        }
        if (!ZoneId.getAvailableZoneIds().contains(text)) {
            in.error("time_zone", "must be an IANA time zone such as Europe/Paris, America/New_York or UTC, got \"" + text + "\"", "time_zone");
            return null;
        }
        return ZoneId.of(text);
    }

    private ObjectNode write(String tenant) {
        var own = settings.of(tenant);
        var body = Json.object();
        body.put("strict_conversations", settings.strictConversations(tenant));
        body.put("strict_conversations_default", settings.strictByDefault(tenant));
        body.put("time_zone", settings.timeZone(tenant).getId());
        body.put("viewer_comments", own.viewerComments().wire());
        var retention = body.putObject("retention");
        retention.putNull("feedback");
        retention.put("context", Durations.format(settings.retention().context()));
        retention.put("audit", Durations.format(settings.retention().audit()));
        body.put("updated_at", own.updatedAt() == null ? null : FeedbackJson.iso(own.updatedAt()));
        return body;
    }
}
