package io.jobhook.simulator.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The simulator as a Jakarta servlet. A servlet cannot close its connection: {@code truncate} declares
 * the full Content-Length and writes half, which the container (Jetty) ends by aborting the connection;
 * {@code disconnect} does the same with no body byte at all, so the client sees headers, then the
 * connection closing.
 */
final class SimulatorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient CommandSimulator simulator;

    SimulatorServlet(CommandSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        byte[] body = request.getInputStream().readAllBytes();
        SimResponse resp = simulator.handle(new SimRequest(request.getMethod(), path, request.getQueryString(),
                headers, body));
        if (resp.delivery() == SimResponse.Delivery.DISCONNECT) {
            response.setStatus(200);
            response.setContentLength(64);
            response.flushBuffer();
            return;
        }
        response.setStatus(resp.status());
        resp.headers().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        byte[] out = resp.body();
        if (out.length == 0) {
            return;
        }
        response.setContentLength(out.length);
        OutputStream os = response.getOutputStream();
        if (resp.delivery() == SimResponse.Delivery.TRUNCATE) {
            os.write(out, 0, out.length / 2);
            os.flush();
            return;
        }
        os.write(out);
    }
}
