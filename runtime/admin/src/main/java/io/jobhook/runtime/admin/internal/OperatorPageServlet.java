package io.jobhook.runtime.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The operator's page at {@code /jobhook/}: three files of this bundle (HTML, JavaScript, CSS) that work on the admin
 * API alone. Its Content-Security-Policy lets the page load and call nothing but its own origin. Only GET of these
 * files; anything else under {@code /jobhook/} but the admin API is 404.
 */
final class OperatorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String PATH = "/jobhook";
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** The page's files and their types: read once, served from memory. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    private final transient Map<String, byte[]> content;

    OperatorPageServlet() {
        Map<String, byte[]> read = new java.util.HashMap<>();
        for (String name : FILES.keySet()) {
            try (InputStream in = OperatorPageServlet.class.getResourceAsStream("/operator-page/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("The operator page's " + name + " is missing from the bundle");
                }
                read.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.content = Map.copyOf(read);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null) { // /jobhook: the page's relative links need the folder's slash
            resp.sendRedirect(PATH + "/");
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        byte[] body = content.get(name);
        if (body == null) {
            resp.sendError(404, "No page " + PATH + path);
            return;
        }
        resp.setStatus(200);
        resp.setContentType(FILES.get(name));
        resp.setHeader("Content-Security-Policy", POLICY);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
