package io.feedbackhub.auth;

/** A token just minted, with what it is bound to. */
public record IssuedToken(String token, EndUserToken claims) {
}
