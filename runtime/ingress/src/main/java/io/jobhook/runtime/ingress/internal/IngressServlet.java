package io.jobhook.runtime.ingress.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /jobhook/v1/completions} as a servlet: adapts the servlet API to {@link IngressHandler},
 * for every method (the handler answers 405 itself).
 */
public final class IngressServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The servlet request attribute with the client's certificate chain (Servlet specification). */
    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    /** Not serialized: a servlet container never does, and the handler holds a service. */
    private final transient IngressHandler handler;

    /** @param handler the ingress's logic */
    public IngressServlet(IngressHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        IngressResponse answer = handler.handle(new ServletRequestAdapter(request));
        response.setStatus(answer.status());
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        response.setContentType(answer.contentType());
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

    /** The servlet request as an {@link IngressRequest}. */
    private static final class ServletRequestAdapter implements IngressRequest {
        private final HttpServletRequest request;

        ServletRequestAdapter(HttpServletRequest request) {
            this.request = request;
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public List<String> headers(String name) {
            Enumeration<String> values = request.getHeaders(name);
            return values == null ? List.of() : Collections.list(values);
        }

        @Override
        public X500Principal clientSubject() {
            Object chain = request.getAttribute(CERTIFICATES);
            return chain instanceof X509Certificate[] certificates && certificates.length > 0
                    ? certificates[0].getSubjectX500Principal() : null;
        }

        @Override
        public long contentLength() {
            return request.getContentLengthLong();
        }

        @Override
        public InputStream body() throws IOException {
            return request.getInputStream();
        }
    }
}
