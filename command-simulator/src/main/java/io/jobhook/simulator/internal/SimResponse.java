package io.jobhook.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer, independent of the transport that sends it. {@link Delivery} tells the transport to break
 * the connection on purpose (faults).
 */
public final class SimResponse {

    /** How the transport delivers the answer. */
    public enum Delivery {
        /** As it is. */
        NORMAL,
        /** Declares the full Content-Length, sends half of the body, then closes the connection. */
        TRUNCATE,
        /** Closes the connection without any answer. */
        DISCONNECT
    }

    private final int status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body;
    private Delivery delivery = Delivery.NORMAL;

    public SimResponse(int status) {
        this.status = status;
        this.body = new byte[0];
    }

    public static SimResponse json(int status, String json) {
        return new SimResponse(status).header("Content-Type", "application/json; charset=utf-8")
                .body(json.getBytes(StandardCharsets.UTF_8));
    }

    public static SimResponse text(int status, String text) {
        return new SimResponse(status).header("Content-Type", "text/plain; charset=utf-8")
                .body(text.getBytes(StandardCharsets.UTF_8));
    }

    public static SimResponse disconnect() {
        return new SimResponse(0).delivery(Delivery.DISCONNECT);
    }

    /** Adds a header value (a header may have several). */
    public SimResponse header(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Sets a header to one value. */
    public SimResponse setHeader(String name, String value) {
        headers.remove(name);
        return header(name, value);
    }

    public SimResponse body(byte[] newBody) {
        this.body = newBody == null ? new byte[0] : newBody;
        return this;
    }

    public SimResponse delivery(Delivery d) {
        this.delivery = d;
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public Delivery delivery() {
        return delivery;
    }
}
