package io.jobhook.runtime.ingress.internal;

import java.io.IOException;
import java.io.InputStream;

/** What the ingress needs of an HTTP request, whatever server carries it. */
interface IngressRequest {

    /** @return the method, e.g. {@code POST} */
    String method();

    /**
     * @param name a header's name, in any case
     * @return the header's first value, or null when it is absent
     */
    String header(String name);

    /** @return the declared {@code Content-Length}, or -1 when none was declared (chunked) */
    long contentLength();

    /**
     * @return the body; the ingress reads at most one byte more than its limit from it
     * @throws IOException when the body cannot be read
     */
    InputStream body() throws IOException;
}
