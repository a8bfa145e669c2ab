package io.jobhook.runtime.ingress.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /jobhook/v1/completions} as a servlet: adapts the servlet API to {@link IngressHandler},
 * for every method (the handler answers 405 itself).
 */
public final class IngressServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

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
        public String header(String name) {
            return request.getHeader(name);
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
