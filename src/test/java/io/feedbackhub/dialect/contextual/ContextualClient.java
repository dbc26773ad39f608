package io.feedbackhub.dialect.contextual;

import static io.feedbackhub.dialect.DialectTesting.headerPairs;
import static io.feedbackhub.dialect.DialectTesting.responseHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.feedbackhub.contract.OpenApiContract;
import io.feedbackhub.testing.Api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sends what Contextual's SDK sends ({@code POST {base}/agents/{agent_id}/feedback} with a Bearer key, base URL
 * {@code http://HOST/compat/contextual/v1}) and holds every exchange against seed 001's OpenAPI document.
 */
final class ContextualClient {
    static final OpenApiContract SEED = OpenApiContract.load("contracts/contextual.yaml");
    static final String BASE = "/compat/contextual/v1";

    private final Api api;

    ContextualClient(Api api) {
        this.api = api;
    }

    static String path(String agentId) {
        return BASE + "/agents/" + agentId + "/feedback";
    }

    /** A request that follows the seed; fails unless the answer does too. */
    Api.Response provide(String agentId, String body) {
        return provideBreaking(agentId, body);
    }

    /**
     * A request that breaks the seed in exactly the ways named (validator message keys such as
     * {@code validation.request.body.schema.additionalProperties}); fails on any other violation, so the answer
     * must conform to the seed.
     */
    Api.Response provideBreaking(String agentId, String body, String... expectedViolations) {
        return provideWithHeaders(agentId, body, Map.of("Authorization", "Bearer " + api.key()), expectedViolations);
    }

    /** The same request with these headers instead of the key (none at all when empty). */
    Api.Response provideWithHeaders(String agentId, String body, Map<String, String> headers, String... expectedViolations) {
        var exchange = exchange(agentId, body, headers);
        assertEquals(new TreeSet<>(List.of(expectedViolations)), exchange.violationKeys(), exchange::describe);
        return exchange.response();
    }

    /** A request the seed may or may not accept, in the ways named only (e.g. a uuid spelling it does not list). */
    Api.Response provideTolerating(String agentId, String body, String... toleratedViolations) {
        var exchange = exchange(agentId, body, Map.of("Authorization", "Bearer " + api.key()));
        var unexpected = new TreeSet<>(exchange.violationKeys());
        unexpected.removeAll(List.of(toleratedViolations));
        assertEquals(Set.of(), unexpected, exchange::describe);
        return exchange.response();
    }

    private record Exchange(Api.Response response, List<String> violations) {
        Set<String> violationKeys() {
            var keys = new TreeSet<String>();
            violations.forEach(v -> keys.add(v.substring(1, v.indexOf(']'))));
            return keys;
        }

        String describe() {
            return "seed 001 violations of " + response + ":\n  " + String.join("\n  ", violations);
        }
    }

    private Exchange exchange(String agentId, String body, Map<String, String> headers) {
        // No headers at all means none: without "no-auth", Api would send its own key.
        var sent = headers.isEmpty() ? new String[] {"no-auth", null} : headerPairs(headers);
        var response = api.post(path(agentId), body, sent);
        var requestHeaders = new LinkedHashMap<>(headers);
        requestHeaders.put("Content-Type", "application/json");
        var violations = SEED.violations("POST", "/v1/agents/" + agentId + "/feedback", requestHeaders, body,
                response.status(), responseHeaders(response), response.body());
        return new Exchange(response, violations);
    }
}
