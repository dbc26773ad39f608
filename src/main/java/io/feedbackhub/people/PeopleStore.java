package io.feedbackhub.people;

import io.feedbackhub.auth.TeamRole;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * People, their sessions and invitations as stored: sessions and invitations by the SHA-256 of their token, never the
 * token; passwords as their hash. A removed person is kept (removed_at) for the record but is no one's match.
 */
public interface PeopleStore {
    /** A person with their password's hash (null: no local password, invitation pending or single sign-on only). */
    record StoredPerson(Person person, String passwordHash) {
    }

    /** A live session as the check per request reads it, joined with its person. */
    record StoredSession(String id, String tokenHash, String csrfToken, Person person, Instant createdAt, Instant lastSeenAt,
                         Instant idleExpiresAt, Instant absoluteExpiresAt) {
    }

    record StoredInvitation(String tokenHash, String tenantId, String email, TeamRole role, String invitedBy, Instant createdAt,
                            Instant expiresAt, Instant acceptedAt) {
    }

    /** Adds the person; false (nothing added) when the tenant has a live person of that email already. */
    boolean addPerson(StoredPerson person);

    /** Every tenant's live person of that email, oldest first (sign-in names no tenant). */
    List<StoredPerson> peopleByEmail(String email);

    /** The tenant's live person of that email (emails are compared lower-cased). */
    Optional<StoredPerson> personByEmail(String tenantId, String email);

    Optional<Person> person(String tenantId, String personId);

    /** The tenant's live people, oldest first. */
    List<Person> people(String tenantId);

    boolean hasPeople(String tenantId);

    boolean setRole(String tenantId, String personId, TeamRole role);

    boolean setNameAndPassword(String tenantId, String personId, String name, String passwordHash);

    /** Marks the person removed and revokes every session of theirs, in one transaction; false when no such live person. */
    boolean remove(String tenantId, String personId, Instant at);

    void addSession(StoredSession session, String clientAddress, String userAgent);

    /** The password hash of the tenant's live person; empty when they have none (single sign-on only) or are unknown. */
    Optional<String> passwordHash(String tenantId, String personId);

    /**
     * Sets the person's password hash and revokes every session of theirs but {@code keptSessionId}, in one
     * transaction; false when no such live person.
     */
    boolean changePassword(String tenantId, String personId, String passwordHash, String keptSessionId, Instant at);

    /** The person's sessions that are neither revoked nor past either expiry at {@code now}, newest first. */
    List<SessionInfo> liveSessions(String tenantId, String personId, Instant now);

    /** Revokes the session when it is this person's and live; false otherwise (someone else's, unknown or ended). */
    boolean revokeSession(String tenantId, String personId, String sessionId, Instant at);

    /** Deletes the sessions revoked or past either expiry at {@code now}; returns how many. */
    int removeEndedSessions(Instant now);

    /** Deletes the invitations accepted, or past their expiry at {@code now}; returns how many. */
    int removeSpentInvitations(Instant now);

    /** The live (not revoked, person not removed) session of that token hash; expiry is the caller's to check. */
    Optional<StoredSession> session(String tokenHash);

    /** Moves the session's idle expiry on. */
    void touch(String sessionId, Instant lastSeenAt, Instant idleExpiresAt);

    void revokeSession(String sessionId, Instant at);

    void addInvitation(StoredInvitation invitation);

    /** The invitation of that hash, accepted or not. */
    Optional<StoredInvitation> invitation(String tokenHash);

    /** The tenant's invitations neither accepted nor expired at {@code now}, newest first. */
    List<StoredInvitation> pendingInvitations(String tenantId, Instant now);

    /** Marks it accepted; false when it was accepted already (a second click, or a race between two). */
    boolean accept(String tokenHash, Instant at);
}
