package io.feedbackhub.signin;

import io.javalin.http.Context;

/**
 * Where a person the provider vouched for becomes a signed-in person of the hub: found by email in the tenant or
 * created with the default role, and given a session whose cookie is set on {@code ctx}'s response. The people
 * package implements it (app wires it); single sign-on itself knows no people table and no session store.
 */
public interface SignInSessions {
    void open(Context ctx, SignedInPerson person);
}
