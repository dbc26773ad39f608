package io.feedbackhub.people;

import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.people.PeopleStore.StoredInvitation;
import io.feedbackhub.people.PeopleStore.StoredPerson;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The people of each tenant: local accounts, invitations by link, roles and removal. Emails are kept lower-cased and
 * are unique among a tenant's live people. A tenant always keeps one owner: the last one can be neither removed nor
 * demoted, and only an owner makes or unmakes owners.
 */
public final class People {
    public static final Duration DEFAULT_INVITATION_TTL = Duration.ofDays(7);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

    private final PeopleStore store;
    private final Passwords passwords;
    private final Duration invitationTtl;
    private final Clock clock;
    /**
     * A hash to verify against when no account matches, so that an unknown email costs as long as a wrong password and
     * timing does not tell which emails have accounts. Made at the first sign-in, not at start-up (it costs 19 MiB and
     * a few tens of milliseconds).
     */
    private final Supplier<String> decoy;

    public People(PeopleStore store, Passwords passwords, Duration invitationTtl, Clock clock) {
        this.store = store;
        this.passwords = passwords;
        this.invitationTtl = invitationTtl;
        this.clock = clock;
        this.decoy = new Supplier<>() {
            private volatile String hash;

            @Override
            public String get() {
                if (hash == null) {
                    hash = passwords.hash(Sessions.random());
                }
                return hash;
            }
        };
    }

    /**
     * For single sign-on, whose provider vouched for the email: the tenant's live person of that email, or a new one
     * with {@code role} and no local password.
     */
    public Person findOrInviteByEmail(String tenantId, String email, String name, TeamRole role) {
        var normalized = email(email);
        var existing = store.personByEmail(tenantId, normalized);
        if (existing.isPresent()) {
            return existing.get().person();
        }
        var person = new Person(Ids.newId(), tenantId, normalized, displayName(name, normalized), role, now());
        if (store.addPerson(new StoredPerson(person, null))) {
            return person;
        }
        return store.personByEmail(tenantId, normalized).orElseThrow().person(); // added meanwhile by another request
    }

    /** A local account usable at once (for automation and tests): the password must pass {@link Passwords#check}. */
    public Person addWithPassword(String tenantId, String email, String name, TeamRole role, String password, TeamRole grantedBy) {
        var normalized = email(email);
        Passwords.check("password", password, normalized);
        checkGrant(grantedBy, role);
        var person = new Person(Ids.newId(), tenantId, normalized, displayName(name, normalized), role, now());
        if (!store.addPerson(new StoredPerson(person, passwords.hash(password)))) {
            throw emailTaken(normalized);
        }
        return person;
    }

    /** An invitation by link, valid for the invitation time; accepting it makes the person (see {@link #accept}). */
    public IssuedInvitation invite(String tenantId, String email, TeamRole role, String invitedBy, TeamRole grantedBy) {
        return newInvitation(tenantId, email(email), role, invitedBy, grantedBy);
    }

    /** An owner invitation for a tenant without people: its owner gives their email on accepting it. */
    public IssuedInvitation inviteFirstOwner(String tenantId, String invitedBy) {
        return newInvitation(tenantId, null, TeamRole.OWNER, invitedBy, TeamRole.OWNER);
    }

    private IssuedInvitation newInvitation(String tenantId, String normalized, TeamRole role, String invitedBy, TeamRole grantedBy) {
        checkGrant(grantedBy, role);
        if (normalized != null && store.personByEmail(tenantId, normalized).isPresent()) {
            throw emailTaken(normalized);
        }
        var token = "fh_inv_" + Sessions.random();
        var now = now();
        var expires = now.plus(invitationTtl);
        store.addInvitation(new StoredInvitation(Sessions.hash(token), tenantId, normalized, role, invitedBy, now, expires, null));
        return new IssuedInvitation(token, tenantId, normalized, role, expires);
    }

    /** The invitation of {@code token} when it can still be accepted. */
    public Optional<StoredInvitation> openInvitation(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        var now = now();
        return store.invitation(Sessions.hash(token)).filter(i -> i.acceptedAt() == null && now.isBefore(i.expiresAt()));
    }

    /**
     * Accepts an invitation once: the person, with {@code name} and a local password; {@code email} only for an
     * invitation that names none (the first owner's), and ignored otherwise.
     */
    public Person accept(String token, String email, String name, String password) {
        var invitation = openInvitation(token).orElseThrow(() -> new NotFound("invitation", "(this link is unknown, used or expired)"));
        var address = invitation.email() != null ? invitation.email() : email(email);
        Passwords.check("password", password, address);
        var hash = passwords.hash(password);
        if (!store.accept(Sessions.hash(token), now())) {
            throw new NotFound("invitation", "(this link has just been used)");
        }
        var person = new Person(Ids.newId(), invitation.tenantId(), address, displayName(name, address), invitation.role(), now());
        if (!store.addPerson(new StoredPerson(person, hash))) {
            throw emailTaken(address);
        }
        return person;
    }

    /**
     * The person whose email and password these are, in any tenant (sign-in names none; the oldest account that the
     * password opens wins when one email has several). Empty for a wrong email or password, after the same work.
     */
    public Optional<Person> signIn(String email, String password) {
        if (email == null || password == null || password.length() > Passwords.MAX_LENGTH) {
            return Optional.empty();
        }
        var candidates = store.peopleByEmail(email.strip().toLowerCase(Locale.ROOT)).stream()
                .filter(p -> p.passwordHash() != null).toList();
        if (candidates.isEmpty()) {
            passwords.matches(password, decoy.get());
            return Optional.empty();
        }
        return candidates.stream().filter(p -> passwords.matches(password, p.passwordHash())).map(StoredPerson::person).findFirst();
    }

    /**
     * Changes the person's own local password: {@code current} must open it (false, nothing changed, when it does not),
     * {@code next} must pass {@link Passwords#check}. Every other session of theirs ends, in the same transaction;
     * {@code keptSessionId}, the one they changed it from, stays.
     */
    public boolean changePassword(String tenantId, String personId, String current, String next, String keptSessionId) {
        var person = person(tenantId, personId);
        var hash = store.passwordHash(tenantId, personId).orElseThrow(() -> new InvalidInput(FieldError.of("current_password",
                "you sign in by single sign-on and have no local password here; change it at your provider")));
        if (current == null || current.length() > Passwords.MAX_LENGTH || !passwords.matches(current, hash)) {
            return false;
        }
        Passwords.check("new_password", next, person.email());
        if (!store.changePassword(tenantId, personId, passwords.hash(next), keptSessionId, now())) {
            throw new NotFound("user", personId);
        }
        return true;
    }

    /** Invitations not yet accepted whose links still work, newest first. */
    public List<StoredInvitation> pendingInvitations(String tenantId) {
        return store.pendingInvitations(tenantId, now());
    }

    public List<Person> list(String tenantId) {
        return store.people(tenantId);
    }

    public Person person(String tenantId, String personId) {
        return store.person(tenantId, personId).orElseThrow(() -> new NotFound("user", personId));
    }

    public boolean hasPeople(String tenantId) {
        return store.hasPeople(tenantId);
    }

    /** Changes the person's role; owners are made and unmade by owners, and the last owner stays one. */
    public Person setRole(String tenantId, String personId, TeamRole role, TeamRole grantedBy) {
        var person = person(tenantId, personId);
        checkGrant(grantedBy, role);
        checkGrant(grantedBy, person.role());
        if (person.role() == TeamRole.OWNER && role != TeamRole.OWNER) {
            checkNotLastOwner(tenantId, "role");
        }
        store.setRole(tenantId, personId, role);
        return person(tenantId, personId);
    }

    /** Removes the person and ends all their sessions at once. */
    public void remove(String tenantId, String personId, TeamRole removedBy) {
        var person = person(tenantId, personId);
        checkGrant(removedBy, person.role());
        if (person.role() == TeamRole.OWNER) {
            checkNotLastOwner(tenantId, "id");
        }
        if (!store.remove(tenantId, personId, now())) {
            throw new NotFound("user", personId);
        }
    }

    private void checkNotLastOwner(String tenantId, String field) {
        if (store.people(tenantId).stream().filter(p -> p.role() == TeamRole.OWNER).count() <= 1) {
            throw new InvalidInput(FieldError.of(field, "this is the tenant's last owner; make another person owner first"));
        }
    }

    /** Only an owner gives (or takes away) the owner role. */
    private static void checkGrant(TeamRole grantedBy, TeamRole role) {
        if (role == TeamRole.OWNER && grantedBy != TeamRole.OWNER) {
            throw new InvalidInput(FieldError.of("role", "only an owner can make or change an owner; you are " + grantedBy.wire()));
        }
    }

    private static InvalidInput emailTaken(String email) {
        return new InvalidInput(FieldError.of("email", "this tenant has a person with email " + email + " already"));
    }

    static String email(String email) {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email.strip()).matches()) {
            throw new InvalidInput(FieldError.of("email", "must be an email address (name@example.com), at most 254 characters"));
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static String displayName(String name, String email) {
        if (name == null || name.isBlank()) {
            return email.substring(0, email.indexOf('@'));
        }
        if (name.length() > 200) {
            throw new InvalidInput(FieldError.of("name", "must be at most 200 characters"));
        }
        return name.strip();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
