package io.feedbackhub.signin;

/**
 * Who the provider vouched for, after every check: a verified email of an allowed domain.
 *
 * @param roleIfNew the role a person signing in for the first time gets (FEEDBACK_HUB_OIDC_DEFAULT_ROLE); a known
 *                  person keeps the role an admin gave them
 * @param issuer    with {@code subject}, the provider's own name for the account
 */
public record SignedInPerson(String tenantId, String email, String name, String roleIfNew, String issuer, String subject) {
}
