package io.jobhook.runtime.ingress.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.security.auth.x500.X500Principal;

/** A request built in a test; remembers how much of its body was read. */
final class TestRequest implements IngressRequest {

    static final String TOKEN = "push-token-0123456789";

    private final String method;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private long contentLength;
    private X500Principal clientSubject;
    private Supplier<InputStream> body;
    boolean bodyOpened;
    CountingStream opened;

    private TestRequest(String method) {
        this.method = method;
    }

    /** A POST of {@code json} with the right token and media type. */
    static TestRequest post(String json) {
        return new TestRequest("POST").header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").body(json.getBytes(StandardCharsets.UTF_8));
    }

    static TestRequest method(String method) {
        return new TestRequest(method).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").body(new byte[0]);
    }

    TestRequest header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, new ArrayList<>(List.of(value)));
        }
        return this;
    }

    /** Sends {@code value} as one more line of the header. */
    TestRequest addHeader(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    /** As if it came over TLS with a verified client certificate of this subject. */
    TestRequest clientCertificate(String subject) {
        this.clientSubject = new X500Principal(subject);
        return this;
    }

    @Override
    public X500Principal clientSubject() {
        return clientSubject;
    }

    TestRequest body(byte[] bytes) {
        this.contentLength = bytes.length;
        this.body = () -> new ByteArrayInputStream(bytes);
        return this;
    }

    /** A body of unknown length (chunked) from {@code stream}. */
    TestRequest chunked(Supplier<InputStream> stream) {
        this.contentLength = -1;
        this.body = stream;
        return this;
    }

    TestRequest contentLength(long declared) {
        this.contentLength = declared;
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public List<String> headers(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public InputStream body() {
        bodyOpened = true;
        opened = new CountingStream(body.get());
        return opened;
    }

    /** Counts the bytes read through it. */
    static final class CountingStream extends InputStream {
        private final InputStream in;
        long read;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }
}
