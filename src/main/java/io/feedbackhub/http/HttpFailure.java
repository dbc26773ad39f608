package io.feedbackhub.http;


/** A refusal that exists only at the HTTP edge: bad credentials, wrong role, malformed request, rate limit. */
public final class HttpFailure extends RuntimeException {
    private final int status;
    private final String title;
    private final long retryAfterSeconds;

    public HttpFailure(int status, String title, String detail) {
        this(status, title, detail, 0);
    }

    public HttpFailure(int status, String title, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static HttpFailure unauthorized(String detail) {
        return new HttpFailure(401, "Unauthorized", detail);
    }

    public static HttpFailure forbidden(String detail) {
        return new HttpFailure(403, "Forbidden", detail);
    }

    public static HttpFailure badRequest(String detail) {
        return new HttpFailure(400, "Bad Request", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
