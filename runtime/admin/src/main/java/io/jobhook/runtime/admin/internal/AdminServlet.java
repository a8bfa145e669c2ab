package io.jobhook.runtime.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.jobhook.runtime.http.Problems;

/** Adapts servlet requests under {@code /jobhook/v1/*} to {@link AdminHttp}. */
final class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** The largest request body the admin API reads. */
    static final int MAX_BODY = 65536;

    private final transient AdminHttp http;

    AdminServlet(AdminHttp http) {
        this.http = http;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, String> query = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> query.put(k, v.length == 0 ? "" : v[0]));
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        AdminHttp.Response r;
        if (body.length > MAX_BODY) {
            r = new AdminHttp.Response(413, Problems.MEDIA_TYPE, Map.of(), Problems.document("body-too-large",
                    "Body too large", 413, "The admin API reads at most " + MAX_BODY + " bytes").toString());
        } else if (Collections.list(req.getHeaders("Authorization")).size() > 1) {
            r = AdminHttp.repeatedHeader("Authorization", Collections.list(req.getHeaders("Authorization")).size());
        } else {
            String path = req.getPathInfo();
            r = http.handle(new AdminHttp.Request(req.getMethod(), path, query, req.getHeader("Authorization"),
                    req.getContentType(), body));
        }
        resp.setStatus(r.status());
        resp.setContentType(r.contentType());
        r.headers().forEach(resp::setHeader);
        resp.setHeader("Cache-Control", "no-store");
        if (r.attachment() != null) {
            try {
                resp.setContentLengthLong(java.nio.file.Files.size(r.attachment()));
                java.nio.file.Files.copy(r.attachment(), resp.getOutputStream());
            } finally {
                AdminHttp.deleteQuietly(r.attachment().getParent());
            }
            return;
        }
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
