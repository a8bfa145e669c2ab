package io.jobhook.test.floor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The ingress load benchmark's floor: {@code POST /floor/v1/completions} on the same servlet whiteboard and
 * Jetty as the ingress, reading and parsing the body with the same Jackson and answering a 202 of the same
 * shape, but journaling nothing. What the ingress costs beyond this is the journal and the validation.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/floor/v1/completions")
@HttpWhiteboardServletName("io.jobhook.test.floor")
public final class FloorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        JsonNode completion;
        try {
            completion = body.length > MAX_BODY ? null : JSON.readTree(body);
        } catch (IOException e) {
            completion = null;
        }
        if (completion == null || !completion.isObject() || !completion.hasNonNull("JobId")) {
            resp.setStatus(400);
            return;
        }
        String eventId = UUID.randomUUID().toString();
        byte[] answer = ("{\"eventId\":\"" + eventId + "\",\"status\":\"accepted\"}").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(202);
        resp.setContentType("application/json");
        resp.setContentLength(answer.length);
        resp.getOutputStream().write(answer);
    }
}
