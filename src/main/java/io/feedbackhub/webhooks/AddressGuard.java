package io.feedbackhub.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * No SSRF: a webhook URL must be http(s) and, unless private addresses are allowed, every address its host resolves
 * to must be public. Checked when an endpoint is created or changed and again before every delivery, because DNS
 * may change in between. A delivery connects to the very address its check resolved ({@link #deliveryAddress}), so a
 * DNS answer that changes between the check and the connection (rebinding) cannot send it elsewhere.
 */
final class AddressGuard {
    static final int MAX_URL_LENGTH = 2000;

    private final boolean allowPrivate;

    AddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why {@code text} is not a deliverable URL, or empty when it is one (syntax and addresses). */
    Optional<String> refusal(String text) {
        var syntax = syntaxRefusal(text);
        if (syntax.isPresent()) {
            return syntax;
        }
        return allowPrivate ? Optional.empty() : addressRefusal(URI.create(text).getHost());
    }

    /** Why a delivery is not sent: the URL's host does not resolve, or resolves to an address it may not go to. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * The address a delivery to {@code url} connects to, resolved and checked now (the syntax was checked when the URL
     * was stored). When the host has several addresses, all must pass and the first is used.
     */
    InetAddress deliveryAddress(URI url) throws Refused {
        InetAddress[] addresses;
        try {
            addresses = resolve(url.getHost());
        } catch (UnknownHostException e) {
            throw new Refused("host " + url.getHost() + " does not resolve");
        }
        if (!allowPrivate) {
            var refusal = refusalOf(addresses);
            if (refusal.isPresent()) {
                throw new Refused(refusal.get());
            }
        }
        return addresses[0];
    }

    static Optional<String> syntaxRefusal(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("is required");
        }
        if (text.length() > MAX_URL_LENGTH) {
            return Optional.of("must be at most " + MAX_URL_LENGTH + " characters, got " + text.length());
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL, got scheme \"" + (uri.getScheme() == null ? "" : uri.getScheme()) + "\"");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host, such as https://hooks.example.com/feedback");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry credentials before the host; receivers check the signature instead");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a #fragment");
        }
        return Optional.empty();
    }

    private static Optional<String> addressRefusal(String host) {
        try {
            return refusalOf(resolve(host));
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " does not resolve");
        }
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
    }

    private static Optional<String> refusalOf(InetAddress[] addresses) {
        for (var address : addresses) {
            var kind = nonPublic(address);
            if (kind.isPresent()) {
                return Optional.of("resolves to " + kind.get() + " address " + address.getHostAddress()
                        + "; webhooks go to public addresses only (FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE=true allows private ones)");
            }
        }
        return Optional.empty();
    }

    /** The kind of a non-public address (loopback, private, link-local, metadata, ...), or empty for a public one. */
    static Optional<String> nonPublic(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return Optional.of("a loopback");
        }
        if (a.isAnyLocalAddress()) {
            return Optional.of("an unspecified");
        }
        var b = a.getAddress();
        if (a instanceof Inet4Address) {
            return nonPublicV4(b);
        }
        if (a instanceof Inet6Address) {
            var transition = v4Transition(b);
            if (transition.isPresent()) {
                return transition;
            }
            if ((b[0] & 0xFE) == 0xFC) {
                return Optional.of("a private (unique local)"); // fc00::/7, includes AWS's fd00:ec2::254 metadata
            }
            if ((b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0x80) {
                return Optional.of("a link-local");
            }
            if ((b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0xC0) {
                return Optional.of("a private (site-local)");
            }
            if ((b[0] & 0xFF) == 0xFF) {
                return Optional.of("a multicast");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nonPublicV4(byte[] b) {
        int o0 = b[0] & 0xFF;
        int o1 = b[1] & 0xFF;
        if (o0 == 169 && o1 == 254) {
            return Optional.of((b[2] & 0xFF) == 169 && (b[3] & 0xFF) == 254 ? "a cloud metadata" : "a link-local");
        }
        if (o0 == 127) {
            return Optional.of("a loopback");
        }
        if (o0 == 10 || o0 == 172 && o1 >= 16 && o1 <= 31 || o0 == 192 && o1 == 168) {
            return Optional.of("a private");
        }
        if (o0 == 100 && o1 >= 64 && o1 <= 127) {
            return Optional.of("a private (carrier-grade NAT)"); // also Alibaba's metadata 100.100.100.200
        }
        if (o0 == 0) {
            return Optional.of("an unspecified");
        }
        if (o0 >= 224) {
            return Optional.of("a multicast or reserved");
        }
        if (o0 == 192 && o1 == 0 && (b[2] & 0xFF) == 0 || o0 == 198 && (o1 == 18 || o1 == 19)) {
            return Optional.of("a reserved");
        }
        return Optional.empty();
    }

    /**
     * An IPv6 form that carries or reaches an IPv4 address: a receiver never needs one (it is reachable by its IPv4
     * address), while the gateway or tunnel behind it may deliver to any IPv4 address, private ones included, and the
     * embedded address of 6to4 and Teredo is not even where the packet ends up. So each is refused outright, whatever
     * IPv4 address it embeds. (An IPv4-mapped literal, ::ffff:a.b.c.d, is already an Inet4Address in Java; it is
     * caught here only when it arrives as raw bytes.)
     */
    private static Optional<String> v4Transition(byte[] b) {
        if (zeros(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
            return Optional.of("an IPv4-mapped IPv6 (::ffff:0:0/96)");
        }
        if (zeros(b, 0, 8) && (b[8] & 0xFF) == 0xFF && (b[9] & 0xFF) == 0xFF && zeros(b, 10, 12)) {
            return Optional.of("an IPv4-translated IPv6 (::ffff:0:0:0/96)");
        }
        if (zeros(b, 0, 12)) {
            return Optional.of("an IPv4-compatible IPv6 (::/96)");
        }
        if (word(b, 0) == 0x0064 && word(b, 2) == 0xFF9B && zeros(b, 4, 12)) {
            return Optional.of("a NAT64 (64:ff9b::/96)");
        }
        if (word(b, 0) == 0x0064 && word(b, 2) == 0xFF9B && word(b, 4) == 0x0001) {
            return Optional.of("a local-use NAT64 (64:ff9b:1::/48)");
        }
        if (word(b, 0) == 0x2002) {
            return Optional.of("a 6to4 (2002::/16)");
        }
        if (word(b, 0) == 0x2001 && word(b, 2) == 0x0000) {
            return Optional.of("a Teredo (2001::/32)");
        }
        return Optional.empty();
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int word(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }
}
