package io.feedbackhub.app;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which tenants keep Devic's strict conversations (docs/dialects/devic.md): there a chat or thread must be registered
 * through the native API before feedback on it is accepted, and an unknown one is the seed's 404. Everywhere else
 * the Devic door registers an unknown conversation on its first feedback, so that Devic's clients work by base URL
 * alone. A start-up setting, not a stored one: it decides how a door reads its paths, which an operator sets when
 * onboarding a tenant, and it needs no migration, route or cache across nodes.
 *
 * @param tenants the tenant ids listed in {@value #VARIABLE}; {@code *} stands for every tenant
 */
public record DevicConversations(Set<String> tenants) implements Predicate<String> {
    public static final String VARIABLE = "FEEDBACK_HUB_DEVIC_STRICT_CONVERSATIONS";
    private static final String EVERY_TENANT = "*";

    public DevicConversations {
        tenants = Set.copyOf(tenants);
    }

    /** A comma-separated list of tenant ids, or {@code *}; unset or blank: no tenant is strict. */
    static DevicConversations from(String value) {
        if (value == null || value.isBlank()) {
            return new DevicConversations(Set.of());
        }
        return new DevicConversations(Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet()));
    }

    /** Whether {@code tenantId} keeps strict conversations. */
    @Override
    public boolean test(String tenantId) {
        return tenants.contains(EVERY_TENANT) || tenants.contains(tenantId);
    }

    String describe() {
        return "devic_strict_conversations=" + (tenants.isEmpty() ? "none" : tenants.contains(EVERY_TENANT) ? "*" : tenants.size() + " tenants");
    }
}
