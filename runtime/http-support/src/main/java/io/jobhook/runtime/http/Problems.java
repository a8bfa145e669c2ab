package io.jobhook.runtime.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * RFC 9457 problem documents as every Jobhook HTTP answer writes them: a stable {@code type}
 * ({@code urn:jobhook:problem:<slug>}, an identifier a client can branch on, not a link), the {@code title} that
 * goes with it, the {@code status} and a {@code detail} for people. Callers add their own members (the ingress's
 * {@code errors}).
 */
public final class Problems {

    /** What every problem type starts with. */
    public static final String TYPE_PREFIX = "urn:jobhook:problem:";
    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    /**
     * @param slug what kind of problem, e.g. {@code invalid-completion}
     * @return {@code {"type":"urn:jobhook:problem:<slug>","title":…,"status":…,"detail":…}}
     */
    public static ObjectNode document(String slug, String title, int status, String detail) {
        return JSON.createObjectNode().put("type", TYPE_PREFIX + slug).put("title", title).put("status", status)
                .put("detail", detail);
    }
}
