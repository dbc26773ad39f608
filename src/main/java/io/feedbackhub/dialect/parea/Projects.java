package io.feedbackhub.dialect.parea;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Agent;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.dialect.PydanticFields;
import io.feedbackhub.dialect.RequestValidationError;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /project}: both SDKs call it when a client is created, with {@code {"name": ...}}, and read
 * {@code {name, uuid, created_at, was_created}} (parea-sdk-py {@code CreateGetProjectResponseSchema}: all strings
 * but the boolean). A Parea project is an agent here; its id is the project's uuid, derived from tenant and name,
 * so a second call finds the same agent and no mapping table is needed.
 */
final class Projects {
    /** Fixed namespace of the name-based project uuids; changing it would orphan every registered project. */
    private static final UUID NAMESPACE = UUID.fromString("8f3b0c1e-5a57-4d0f-9a63-2c1d7e0b4a91");

    private final RegistryService registry;

    Projects(RegistryService registry) {
        this.registry = registry;
    }

    record ProjectSchema(String name, String uuid, String createdAt, boolean wasCreated) {
        ObjectNode toJson() {
            return Json.object().put("name", name).put("uuid", uuid).put("created_at", createdAt)
                    .put("was_created", wasCreated);
        }
    }

    static String readName(String body) {
        var errors = new RequestValidationError();
        var in = PydanticFields.ofBody(body, errors);
        errors.throwIfAny();
        var name = in.requiredString("name");
        if (name != null && name.indexOf('\u0000') >= 0) {
            // PostgreSQL cannot store U+0000 in text and SQLite can: refused at the door so both stores answer alike.
            errors.valueError(in.object().get("name"), "the project name must not contain the NUL character (U+0000)",
                    "body", "name");
        }
        errors.throwIfAny();
        return name;
    }

    /**
     * Registers the agent only when it is missing: an agent described later through the native API keeps its
     * description and metadata however often clients start. Two first calls at the same moment may both answer
     * {@code was_created: true} (the SDK only prints a line for it); the agent itself is written once either way.
     */
    ProjectSchema createOrGet(String tenantId, String name) {
        var uuid = uuidOf(tenantId, name);
        try {
            var existing = registry.agent(tenantId, uuid);
            return of(existing, name, false);
        } catch (NotFound absent) {
            return of(registry.putAgent(tenantId, uuid, name, null, Map.of()), name, true);
        }
    }

    private static ProjectSchema of(Agent agent, String name, boolean created) {
        return new ProjectSchema(name, agent.id(), FeedbackJson.iso(agent.createdAt()), created);
    }

    /** RFC 9562 version 5 (SHA-1, name-based): the same tenant and project name always give the same uuid. */
    static String uuidOf(String tenantId, String name) {
        try {
            var sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                    .putLong(NAMESPACE.getLeastSignificantBits()).array());
            sha1.update((tenantId + "\u0000" + name).getBytes(StandardCharsets.UTF_8));
            var hash = ByteBuffer.wrap(sha1.digest());
            long high = (hash.getLong(0) & ~0xF000L) | 0x5000L;
            long low = (hash.getLong(8) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(high, low).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java runtime", e);
        }
    }
}
