package io.jobhook.runtime.ingress.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import javax.security.auth.x500.X500Principal;

/** What the ingress needs of an HTTP request, whatever server carries it. */
interface IngressRequest {

    /** @return the method, e.g. {@code POST} */
    String method();

    /**
     * @param name a header's name, in any case
     * @return every value of the header, in the order sent; empty when it is absent
     */
    List<String> headers(String name);

    /**
     * @param name a header's name, in any case
     * @return the header's first value, or null when it is absent
     */
    default String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * @return the subject of the client certificate the request came with over TLS (the first of its chain, which
     *         the TLS layer has already verified against the truststore), or null when it came with none
     */
    default X500Principal clientSubject() {
        return null;
    }

    /** @return the declared {@code Content-Length}, or -1 when none was declared (chunked) */
    long contentLength();

    /**
     * @return the body; the ingress reads at most one byte more than its limit from it
     * @throws IOException when the body cannot be read
     */
    InputStream body() throws IOException;
}
