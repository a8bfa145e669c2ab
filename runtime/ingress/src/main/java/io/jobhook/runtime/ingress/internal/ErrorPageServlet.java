package io.jobhook.runtime.ingress.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.jobhook.runtime.http.Problems;

/**
 * The server's own error answers (a path nothing serves, a request the container refused after reading it) as
 * {@code application/problem+json}, like the ingress's: registered on the whiteboard as the error page for 4xx
 * and 5xx, and as the default servlet ({@code /}), which every path no other servlet serves reaches: it answers
 * 404. Errors Jetty answers before any servlet runs (a request line or headers it cannot parse) keep Jetty's
 * answer. The detail never echoes the request's path, query string or headers.
 */
final class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // no error code: a request for a path nothing else serves, which reached the default servlet
        int status = code instanceof Integer i ? i : HttpServletResponse.SC_NOT_FOUND;
        if (status < 400 || status > 599) {
            status = 500;
        }
        ObjectNode problem = problem(status, (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE));
        byte[] body = JSON.writeValueAsBytes(problem);
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** @return the document for {@code status}, with the container's message cut at any query and echoed safely */
    static ObjectNode problem(int status, String message) {
        String title = title(status);
        String said = message == null || message.isBlank() || message.equalsIgnoreCase(title) ? null
                : FieldError.echo(message.split("\\?", 2)[0]);
        return Problems.document("http-" + status, title, status, "The server answered " + status + " " + title
                + (said == null ? "" : ": " + said));
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> status < 500 ? "Client Error" : "Server Error";
        };
    }
}
