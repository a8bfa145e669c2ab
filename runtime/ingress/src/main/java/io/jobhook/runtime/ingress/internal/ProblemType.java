package io.jobhook.runtime.ingress.internal;

import io.jobhook.runtime.http.Problems;

/**
 * The kinds of RFC 9457 problem documents the ingress answers with. Each {@code type} is a stable
 * identifier (a URN, not a link) that a client can branch on; the {@code title} never changes either.
 */
enum ProblemType {
    /** 400: the body is not one JSON object with valid fields; {@code errors} names each field and value. */
    INVALID_COMPLETION(400, "invalid-completion", "Invalid completion"),
    /**
     * 400: a header that must come once came more than once ({@code Authorization}, {@code Content-Type},
     * {@code Idempotency-Key}): which one counts would be a guess, and a guess is what a smuggled second one
     * relies on.
     */
    INVALID_HEADER(400, "invalid-header", "Invalid header"),
    /** 400: the {@code Idempotency-Key} header is empty, longer than 200 characters or not printable ASCII. */
    INVALID_IDEMPOTENCY_KEY(400, "invalid-idempotency-key", "Invalid Idempotency-Key"),
    /** 401: no bearer token, or not one of the configured ones. */
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    /** 405: a method other than POST. */
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    /** 409: the idempotency key was used before with another body. */
    IDEMPOTENCY_CONFLICT(409, "idempotency-conflict", "Idempotency key reused with another body"),
    /** 413: the body is longer than {@code maxBodyBytes}. */
    BODY_TOO_LARGE(413, "body-too-large", "Body too large"),
    /** 415: the body is not declared as {@code application/json} in UTF-8, or is declared encoded. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    /** 500: a fault of Jobhook's; logged, never caused by what the client sent. */
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    /** 503: the journal cannot accept now; {@code Retry-After} says when to try again. */
    JOURNAL_UNAVAILABLE(503, "journal-unavailable", "Journal unavailable");


    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    int status() {
        return status;
    }

    /** @return the problem document's {@code type}, e.g. {@code urn:jobhook:problem:invalid-completion} */
    String type() {
        return Problems.TYPE_PREFIX + slug;
    }

    /** @return what follows the prefix in {@link #type()}, e.g. {@code invalid-completion} */
    String slug() {
        return slug;
    }

    String title() {
        return title;
    }
}
