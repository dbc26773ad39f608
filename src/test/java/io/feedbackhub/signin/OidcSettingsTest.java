package io.feedbackhub.signin;

import io.feedbackhub.app.Config;
import io.feedbackhub.auth.TeamRole;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FEEDBACK_HUB_OIDC_* as start-up reads them: off by default, whole or refused, the secret never shown. */
class OidcSettingsTest {
    static Map<String, String> complete(String... overrides) {
        var values = new HashMap<>(Map.of(
                "FEEDBACK_HUB_OIDC_ISSUER", "https://accounts.example.com/",
                "FEEDBACK_HUB_OIDC_CLIENT_ID", "feedback-hub",
                "FEEDBACK_HUB_OIDC_CLIENT_SECRET", "a-client-secret-of-some-length",
                "FEEDBACK_HUB_OIDC_ALLOWED_DOMAINS", " Example.com, example.org ,"));
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                values.remove(overrides[i]);
            } else {
                values.put(overrides[i], overrides[i + 1]);
            }
        }
        return values;
    }

    @Test
    void single_sign_on_is_off_by_default() {
        assertFalse(Config.from(Map.of()).oidc().enabled());
    }

    @Test
    void a_complete_configuration_is_read_with_viewer_as_default_role_and_the_first_tenant() {
        var oidc = Config.from(complete()).oidc();

        assertTrue(oidc.enabled());
        assertEquals("https://accounts.example.com", oidc.issuer().orElseThrow().toString());
        assertEquals(Set.of("example.com", "example.org"), oidc.allowedDomains());
        assertEquals(TeamRole.VIEWER, oidc.defaultRole());
        assertEquals(Optional.empty(), oidc.tenant());
        assertTrue(oidc.allows("ada@EXAMPLE.com"));
        assertFalse(oidc.allows("eve@evil.example.com"));
        assertFalse(oidc.describe().contains("a-client-secret-of-some-length"), oidc.describe());
    }

    @Test
    void a_half_configuration_is_refused_naming_the_missing_variable() {
        var noSecret = assertThrows(IllegalArgumentException.class, () -> Config.from(complete("FEEDBACK_HUB_OIDC_CLIENT_SECRET", null)));
        var noDomains = assertThrows(IllegalArgumentException.class, () -> Config.from(complete("FEEDBACK_HUB_OIDC_ALLOWED_DOMAINS", null)));
        var noIssuer = assertThrows(IllegalArgumentException.class, () -> Config.from(complete("FEEDBACK_HUB_OIDC_ISSUER", null)));

        assertTrue(noSecret.getMessage().startsWith("FEEDBACK_HUB_OIDC_CLIENT_SECRET is required"), noSecret.getMessage());
        assertTrue(noDomains.getMessage().startsWith("FEEDBACK_HUB_OIDC_ALLOWED_DOMAINS is required"), noDomains.getMessage());
        assertTrue(noIssuer.getMessage().contains("FEEDBACK_HUB_OIDC_ISSUER is not"), noIssuer.getMessage());
    }

    @Test
    void owner_is_never_the_default_role_and_a_bad_domain_or_issuer_is_refused() {
        var owner = assertThrows(IllegalArgumentException.class, () -> Config.from(complete("FEEDBACK_HUB_OIDC_DEFAULT_ROLE", "owner")));
        var domain = assertThrows(IllegalArgumentException.class, () -> Config.from(complete("FEEDBACK_HUB_OIDC_ALLOWED_DOMAINS", "@example.com")));
        var issuer = assertThrows(IllegalArgumentException.class, () -> Config.from(complete("FEEDBACK_HUB_OIDC_ISSUER", "accounts.example.com")));

        assertTrue(owner.getMessage().startsWith("FEEDBACK_HUB_OIDC_DEFAULT_ROLE must be viewer, editor or admin"), owner.getMessage());
        assertTrue(domain.getMessage().contains("\"@example.com\""), domain.getMessage());
        assertTrue(issuer.getMessage().startsWith("FEEDBACK_HUB_OIDC_ISSUER must be"), issuer.getMessage());
        assertEquals(TeamRole.EDITOR, Config.from(complete("FEEDBACK_HUB_OIDC_DEFAULT_ROLE", "Editor")).oidc().defaultRole());
    }
}
