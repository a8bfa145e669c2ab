package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

/**
 * The hostile-request drill: the packaged runtime (not demo mode) gets a corpus of malformed and hostile
 * requests over raw sockets on {@code /jobhook/v1/completions} — the body corpus of the ingress's
 * {@code HostileInputTest} on the wire, and hostility at the HTTP level (tokens, methods, media types,
 * {@code Content-Length} lies, oversized and broken chunked bodies, header floods, bad
 * {@code Idempotency-Key}s, slow-loris connections). Every request must get a 4xx, or, where the HTTP stack
 * may drop a broken stream, have its connection closed without an answer; never a 5xx, never a hang. Requests
 * whose only flaw is at the HTTP level carry a valid completion with a job id of their own, so an ingress that
 * let one through would show it in the journal. Afterwards the journal holds exactly the two valid control
 * completions sent before and after the corpus, the process is alive and still accepts completions. Counts per
 * category go to {@code target/drill-hostile.txt} (and, with {@code -Pdrills}, to docs/RELIABILITY.md).
 */
class HostileRequestDrillIT {

    static final String ADMIN = "hostile-drill-admin-token";
    static final UUID JOB_TYPE = UUID.fromString("0c5e7d3a-6b1f-4e2a-9d8c-7b6a5f4e3d2c");
    /** As in HostileInputTest: big enough that the body corpus reaches the decoder. */
    static final int MAX_BODY = 1024 * 1024;
    /** What a request may take to be answered before it counts as a hang. */
    static final int ANSWER_TIMEOUT_MS = 15_000;
    static final int LORIS_CONNECTIONS = 10;

    static final String MINIMAL = """
            {"AgentId": "fa406103-d84a-43ea-8bfd-99bc1f064281",
             "JobId": "0b4b411a-4b26-4492-a575-a10adb43a08a",
             "JobType": "WinCertInventory",
             "JobTypeId": "0c5e7d3a-6b1f-4e2a-9d8c-7b6a5f4e3d2c",
             "JobResult": "Success"}
            """;

    /** One hostile request; {@code mayClose}: the HTTP stack may drop it without an answer. */
    record Case(String category, String name, byte[] request, boolean halfClose, boolean mayClose) {
    }

    /** What came back: a status, or 0 when the connection was closed without one. */
    record Outcome(int status, String by) {
        static final Outcome CLOSED = new Outcome(0, "closed without an answer");
    }

    private final Map<UUID, String> jobIds = new HashMap<>(); // job id of a valid body → its category
    private int port;

    @Test
    void everyHostileRequestIs4xxNothingIsJournaledAndTheProcessStaysUp() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("hostile").withoutDemo()) {
            jobhook.config("io.jobhook.ingress.cfg", ".tokens = " + RunningJobhook.TOKEN + "\nmaxBodyBytes = "
                    + MAX_BODY + "\n");
            jobhook.config("io.jobhook.admin.cfg", ".tokens = " + ADMIN + "\n");
            jobhook.start();
            port = jobhook.port;

            HttpResponse<String> before = jobhook.post(JOB_TYPE);
            assertThat(before.statusCode()).as("the control completion before the corpus").isEqualTo(202);

            Map<String, Tally> tallies = new LinkedHashMap<>();
            List<String> details = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Case c : corpus()) {
                Outcome o = exchange(c.request(), c.halfClose());
                tallies.computeIfAbsent(c.category(), Tally::new).add(o);
                details.add(String.format(Locale.ROOT, "%-13s %-60s %s", c.category(), c.name(),
                        o.status() == 0 ? o.by() : o.status() + " (" + o.by() + ")"));
                if (!(o.status() >= 400 && o.status() <= 499 || o.status() == 0 && c.mayClose())) {
                    failures.add(c.category() + " / " + c.name() + ": " + (o.status() == 0 ? o.by() : o.status()));
                }
                assertThat(jobhook.alive()).as("alive after %s", c.name()).isTrue();
            }
            String loris = slowLoris(tallies, details, failures);

            assertThat(jobhook.alive()).as("the process after the corpus").isTrue();
            HttpResponse<String> after = jobhook.post(JOB_TYPE);
            assertThat(after.statusCode()).as("the control completion after the corpus").isEqualTo(202);

            // The journal: exactly the two controls; anything else is attributed to its category by its job id.
            String events = AdminIT.get(jobhook, "/jobhook/v1/events?limit=1000", ADMIN).body();
            List<String> eventIds = all(events, "\"eventId\":\"([0-9a-f-]{36})\"");
            for (String jobId : all(events, "\"JobId\":\"([0-9a-f-]{36})\"")) {
                String category = jobIds.get(UUID.fromString(jobId));
                if (category != null) {
                    tallies.get(category).journaled++;
                }
            }
            String console = jobhook.console();
            jobhook.stop();

            List<String> table = table(tallies);
            List<String> report = new ArrayList<>(table);
            report.add(loris);
            report.add("Control completions: 202 before and after the corpus; the journal then held "
                    + eventIds.size() + " completions. Unexpected-failure lines in the console: "
                    + count(console, "Unexpected failure") + ".");
            List<String> docLines = new ArrayList<>(report);
            report.add("");
            report.add("Per request:");
            report.addAll(details);
            RunningJobhook.publish(report, "drill-hostile.txt", "drill.docs", "hostile", docLines);

            assertThat(failures).as("requests answered other than 4xx (or dropped where allowed)").isEmpty();
            assertThat(tallies.values().stream().mapToInt(t -> t.serverErrors).sum()).as("5xx").isZero();
            assertThat(tallies.values().stream().mapToInt(t -> t.journaled).sum()).as("journaled").isZero();
            assertThat(eventIds).as("the journal holds the two controls only")
                    .containsExactlyInAnyOrder(RunningJobhook.eventId(before), RunningJobhook.eventId(after));
            assertThat(console).doesNotContain("Unexpected failure while handling a pushed completion");
        }
    }

    // ---- the corpus -------------------------------------------------------------------------------------

    private List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        bodies(cases);
        String t = RunningJobhook.TOKEN;

        // Tokens: each with a valid completion, so only the token is wrong.
        cases.add(post("token", "no Authorization", null, "application/json", valid("token")));
        cases.add(post("token", "a wrong token", "Bearer not-" + t, "application/json", valid("token")));
        cases.add(post("token", "Bearer without a token", "Bearer", "application/json", valid("token")));
        cases.add(post("token", "Bearer and blanks", "Bearer    ", "application/json", valid("token")));
        cases.add(post("token", "Basic credentials", "Basic dXNlcjpwYXNz", "application/json", valid("token")));
        cases.add(post("token", "the token with a suffix", "Bearer " + t + "x", "application/json", valid("token")));
        cases.add(post("token", "the token's prefix", "Bearer " + t.substring(0, t.length() - 1), "application/json",
                valid("token")));
        cases.add(post("token", "a 6,000-character token", "Bearer " + "t".repeat(6000), "application/json",
                valid("token")));
        cases.add(post("token", "a token with a NUL byte", "Bearer " + t + "\0", "application/json", valid("token")));
        cases.add(post("token", "a token in UTF-8 (é)", "Bearer " + t + "\u00c3\u00a9", "application/json",
                valid("token")));
        cases.add(post("token", "two Authorization headers, the wrong first", "Bearer wrong\r\nAuthorization: Bearer "
                + t, "application/json", valid("token")));

        // Methods.
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO")) {
            cases.add(request("method", method, method + " /jobhook/v1/completions HTTP/1.1", headers(auth(),
                    "Content-Type: application/json"), valid("method")));
        }

        // Media types.
        cases.add(post("media type", "no Content-Type", "Bearer " + t, null, valid("media type")));
        for (String type : List.of("text/plain", "application/json; charset=iso-8859-1", "application/json; charset=utf-16",
                "application/jsonx", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
                "*/*", "application/json\u0001")) {
            cases.add(post("media type", type.replace("\u0001", "\\u0001"), "Bearer " + t, type, valid("media type")));
        }

        // Codings the HTTP server does not undo: the body arrives as sent, still declared encoded.
        cases.add(post("media type", "Content-Encoding gzip on a plain body", List.of(auth(), json(),
                "Content-Encoding: gzip"), valid("media type")));
        cases.add(post("media type", "Content-Encoding gzip on a gzipped body", List.of(auth(), json(),
                "Content-Encoding: gzip"), gzip(valid("media type"))));
        cases.add(raw("media type", "Transfer-Encoding gzip, chunked on a plain body", head("POST", headers(auth(),
                json(), "Transfer-Encoding: gzip, chunked")), chunked(valid("media type"))));
        cases.add(raw("media type", "Transfer-Encoding gzip, chunked on a gzipped body", head("POST", headers(auth(),
                json(), "Transfer-Encoding: gzip, chunked")), chunked(gzip(valid("media type")))));
        cases.add(raw("media type", "Transfer-Encoding chunked, gzip (chunked not last)", head("POST", headers(auth(),
                json(), "Transfer-Encoding: chunked, gzip")), chunked(valid("media type"))));

        // Content-Length lies and conflicts.
        byte[] body = valid("length");
        cases.add(new Case("length", "Content-Length 100 more than sent, then the client half-closes",
                concat(head("POST", headers(auth(), json(), "Content-Length: " + (body.length + 100))), body), true,
                true));
        byte[] shorter = valid("length");
        cases.add(new Case("length", "Content-Length 10, the whole body sent", concat(head("POST", headers(auth(), json(),
                "Content-Length: 10")), shorter), false, false));
        cases.add(raw("length", "Content-Length not a number", head("POST", headers(auth(), json(),
                "Content-Length: abc")), valid("length")));
        cases.add(raw("length", "Content-Length negative", head("POST", headers(auth(), json(),
                "Content-Length: -1")), valid("length")));
        byte[] twice = valid("length");
        cases.add(raw("length", "two different Content-Lengths", head("POST", headers(auth(), json(),
                "Content-Length: " + twice.length, "Content-Length: " + (twice.length - 1))), twice));
        cases.add(raw("length", "Content-Length and chunked (smuggling)", head("POST", headers(auth(), json(),
                "Content-Length: 5", "Transfer-Encoding: chunked")), chunked(valid("length"))));
        cases.add(raw("length", "Content-Length beyond 2^63", head("POST", headers(auth(), json(),
                "Content-Length: 99999999999999999999999")), valid("length")));

        // Oversized bodies beyond maxBodyBytes.
        cases.add(raw("oversized", "Content-Length 2 MiB declared, nothing sent (yet)", head("POST", headers(auth(),
                json(), "Content-Length: " + 2 * MAX_BODY)), new byte[0]));
        byte[] big = padded(MAX_BODY + 10_000);
        cases.add(new Case("oversized", "chunked, 1 MiB + 10 kB", concat(head("POST", headers(auth(), json(),
                "Transfer-Encoding: chunked")), chunked(big)), false, true));
        cases.add(new Case("oversized", "Content-Length 1 MiB + 10 kB, all sent", concat(head("POST", headers(auth(),
                json(), "Content-Length: " + big.length)), big), false, true));

        // Broken chunked streams: Jetty may drop these without an answer.
        byte[] part = valid("chunked");
        cases.add(chunkedCase("a chunk size that is not hex", ("zz\r\n").getBytes(StandardCharsets.US_ASCII), part,
                "\r\n0\r\n\r\n"));
        cases.add(chunkedCase("a chunk longer than announced", (Integer.toHexString(part.length - 20) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII), part, "\r\n0\r\n\r\n"));
        cases.add(chunkedCase("a chunk size of 2^64 - 1", "ffffffffffffffff\r\n".getBytes(StandardCharsets.US_ASCII),
                part, "\r\n0\r\n\r\n"));
        cases.add(chunkedCase("no CRLF after the chunk data", (Integer.toHexString(part.length) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII), part, "XX0\r\n\r\n"));
        byte[] cut = valid("chunked");
        cases.add(new Case("chunked", "a chunk cut short, then the client half-closes", concat(head("POST", headers(auth(),
                json(), "Transfer-Encoding: chunked")), (Integer.toHexString(cut.length + 50) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII), cut), true, true));
        cases.add(raw("chunked", "Transfer-Encoding bogus", head("POST", headers(auth(), json(),
                "Transfer-Encoding: bogus")), valid("chunked")));

        // Header floods and malformed headers.
        List<String> flood = new ArrayList<>(List.of(auth(), json()));
        for (int i = 0; i < 2000; i++) {
            flood.add("X-Flood-" + i + ": " + "f".repeat(20));
        }
        cases.add(large(post("headers", "2,000 headers (~60 kB)", flood, valid("headers"))));
        cases.add(large(post("headers", "one 64 kB header", List.of(auth(), json(), "X-Big: " + "b".repeat(64 * 1024)),
                valid("headers"))));
        cases.add(post("headers", "a header without a colon", List.of(auth(), json(), "NoColonHere"), valid("headers")));
        cases.add(post("headers", "a space in a header name", List.of(auth(), json(), "Bad Name: x"), valid("headers")));
        cases.add(post("headers", "an obsolete folded line", List.of(auth(), json(), "X-Folded: a", " b"),
                valid("headers")));
        cases.add(post("headers", "a NUL in a header value", List.of(auth(), json(), "X-Nul: a\0b"), valid("headers")));
        cases.add(request("headers", "no Host (HTTP/1.1)", "POST /jobhook/v1/completions HTTP/1.1", List.of(auth(),
                json()), valid("headers"), false));
        cases.add(new Case("headers", "a garbage request line", "GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                false, false));
        cases.add(large(request("headers", "a 20 kB query string", "POST /jobhook/v1/completions?"
                + "q".repeat(20_000) + " HTTP/1.1", headers(auth(), json()), valid("headers"))));

        // Idempotency-Key.
        cases.add(post("idempotency", "a 300-character key", List.of(auth(), json(), "Idempotency-Key: "
                + "k".repeat(300)), valid("idempotency")));
        cases.add(large(post("idempotency", "a 20 kB key", List.of(auth(), json(), "Idempotency-Key: "
                + "k".repeat(20_000)), valid("idempotency"))));
        cases.add(post("idempotency", "an empty key", List.of(auth(), json(), "Idempotency-Key: "), valid("idempotency")));
        cases.add(post("idempotency", "a key with a tab", List.of(auth(), json(), "Idempotency-Key: a\tb"),
                valid("idempotency")));
        cases.add(post("idempotency", "a key with U+0001", List.of(auth(), json(), "Idempotency-Key: a\u0001b"),
                valid("idempotency")));
        cases.add(post("idempotency", "a key with ESC [2J", List.of(auth(), json(), "Idempotency-Key: a\u001b[2Jb"),
                valid("idempotency")));
        cases.add(post("idempotency", "a key in UTF-8 (é)", List.of(auth(), json(), "Idempotency-Key: a\u00c3\u00a9b"),
                valid("idempotency")));
        cases.add(post("idempotency", "a key with DEL", List.of(auth(), json(), "Idempotency-Key: a\u007fb"),
                valid("idempotency")));
        return cases;
    }

    /** The body corpus of runtime/ingress HostileInputTest, plus the fuzzer's findings, as raw POSTs. */
    private void bodies(List<Case> cases) {
        jobIds.put(UUID.fromString("0b4b411a-4b26-4492-a575-a10adb43a08a"), "body"); // MINIMAL's
        Map<String, byte[]> b = new LinkedHashMap<>();
        b.put("empty body", new byte[0]);
        b.put("whitespace only", utf8(" \r\n\t "));
        b.put("a JSON array", utf8("[" + MINIMAL + "]"));
        b.put("JSON null", utf8("null"));
        b.put("deeply nested arrays", utf8("[".repeat(100_000) + "]".repeat(100_000)));
        b.put("deeply nested objects in a field", utf8(minimalWith("X", "{\"a\":".repeat(50_000) + "1"
                + "}".repeat(50_000))));
        b.put("deeply nested, never closed", utf8("{\"a\":" + "[".repeat(200_000)));
        b.put("a huge integer", utf8(minimalWith("CertificateId", "9".repeat(100_000))));
        b.put("a huge exponent", utf8(minimalWith("CurrentRetryCount", "1e999999999")));
        b.put("a huge fraction", utf8(minimalWith("CertificateId", "0." + "1".repeat(50_000))));
        b.put("a huge integer as JobResult", utf8(minimalReplacing("JobResult", "9".repeat(90))));
        b.put("NaN", utf8(minimalWith("CertificateId", "NaN")));
        b.put("raw NUL bytes", nulls());
        b.put("NUL bytes only", new byte[4096]);
        b.put("an escaped NUL in JobType", utf8(minimalReplacing("JobType", "\"\\u0000\"")));
        b.put("a lone surrogate in JobType", utf8(minimalReplacing("JobType", "\"\\ud800\"")));
        b.put("invalid UTF-8", invalidUtf8());
        b.put("overlong UTF-8 for '\"'", overlong());
        b.put("UTF-16 with BOM", bom16());
        b.put("10 000 unknown fields", manyFields(10_000, false));
        b.put("10 000 fields in two cases", manyFields(10_000, true));
        b.put("a very long field name", utf8("{\"" + "n".repeat(200_000) + "\": 1}"));
        b.put("a very long GUID", utf8(minimalReplacing("AgentId", "\"" + "a".repeat(500_000) + "\"")));
        b.put("two objects", utf8(MINIMAL + MINIMAL));
        b.put("trailing garbage", utf8(MINIMAL + "garbage"));
        b.put("comments", utf8("/* hi */" + MINIMAL));
        b.put("single quotes", utf8(MINIMAL.replace('"', '\'')));
        b.put("random bytes", randomBytes());
        // Beyond HostileInputTest.
        b.put("valid JSON, every field of a wrong type", utf8("{\"AgentId\":1,\"JobId\":true,\"JobType\":[],"
                + "\"JobTypeId\":{},\"JobResult\":1.5,\"Username\":2,\"ClientMachine\":[\"x\"],\"OperationType\":false,"
                + "\"CertificateId\":\"14\",\"RequestTimestamp\":20230503,\"CurrentRetryCount\":\"0\"}"));
        b.put("every field null", utf8("{\"AgentId\":null,\"JobId\":null,\"JobType\":null,\"JobTypeId\":null,"
                + "\"JobResult\":null}"));
        b.put("a field twice in two cases", utf8(minimalWith("jobid", "\"" + UUID.randomUUID() + "\"")));
        b.put("duplicate blank and control-character names (fuzzer)", utf8(minimalWith("", "1, \"\": 2, \"\\u0000\": 3, "
                + "\"\\u0000\": 4")));
        b.put("an escape at the echo's cut (fuzzer)", utf8(minimalReplacing("AgentId", "\"00000000-" + "J".repeat(86)
                + "\\ufeffzz\"")));
        b.put("JobResult out of range", utf8(minimalReplacing("JobResult", "99")));
        b.put("a negative CurrentRetryCount", utf8(minimalWith("CurrentRetryCount", "-1")));
        b.put("a timestamp that does not exist", utf8(minimalWith("RequestTimestamp", "\"2023-02-30T25:61:61\"")));
        b.put("a log-forging Username", utf8(minimalWith("Username", "\"x\\nINFO forged line\"")));
        b.forEach((name, body) -> cases.add(new Case("body", name, concat(head("POST", headers(auth(), json(),
                "Content-Length: " + body.length)), body), false, false)));
    }

    // ---- building requests ------------------------------------------------------------------------------

    /** A valid completion whose only job id is remembered for {@code category}. */
    private byte[] valid(String category) {
        UUID jobId = UUID.randomUUID();
        jobIds.put(jobId, category);
        return utf8(MINIMAL.replace("0b4b411a-4b26-4492-a575-a10adb43a08a", jobId.toString()));
    }

    private static String auth() {
        return "Authorization: Bearer " + RunningJobhook.TOKEN;
    }

    private static String json() {
        return "Content-Type: application/json";
    }

    private static List<String> headers(String... lines) {
        return List.of(lines);
    }

    private Case post(String category, String name, String authorization, String contentType, byte[] body) {
        List<String> h = new ArrayList<>();
        if (authorization != null) {
            h.add("Authorization: " + authorization);
        }
        if (contentType != null) {
            h.add("Content-Type: " + contentType);
        }
        return post(category, name, h, body);
    }

    private Case post(String category, String name, List<String> headers, byte[] body) {
        return request(category, name, "POST /jobhook/v1/completions HTTP/1.1", headers, body);
    }

    private Case request(String category, String name, String requestLine, List<String> headers, byte[] body) {
        return request(category, name, requestLine, headers, body, true);
    }

    /** With {@code Content-Length} of the body, {@code Connection: close} and (unless not) {@code Host}. */
    private Case request(String category, String name, String requestLine, List<String> headers, byte[] body,
            boolean host) {
        StringBuilder h = new StringBuilder(requestLine).append("\r\n");
        if (host) {
            h.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        headers.forEach(line -> h.append(line).append("\r\n"));
        h.append("Content-Length: ").append(body.length).append("\r\n");
        h.append("Connection: close\r\n\r\n");
        return new Case(category, name, concat(h.toString().getBytes(StandardCharsets.ISO_8859_1), body), false, false);
    }

    /**
     * A request the server stops reading part-way (a head over its limits): it may answer and close while the
     * rest is still arriving, and the reset that such a close sends can wipe its answer out before the client
     * reads it, so a close without an answer is allowed.
     */
    private static Case large(Case c) {
        return new Case(c.category(), c.name(), c.request(), c.halfClose(), true);
    }

    private static Case raw(String category, String name, byte[] head, byte[] body) {
        return new Case(category, name, concat(head, body), false, false);
    }

    private Case chunkedCase(String name, byte[] chunkHeader, byte[] data, String trailer) {
        return new Case("chunked", name, concat(head("POST", headers(auth(), json(), "Transfer-Encoding: chunked")),
                chunkHeader, data, trailer.getBytes(StandardCharsets.US_ASCII)), true, true);
    }

    /** A request head without {@code Content-Length}: the caller's headers say how the body is framed. */
    private byte[] head(String method, List<String> headers) {
        StringBuilder h = new StringBuilder(method).append(" /jobhook/v1/completions HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port).append("\r\n");
        headers.forEach(line -> h.append(line).append("\r\n"));
        return h.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code body} in chunks of at most 64 KiB, with the last chunk. */
    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 1024);
        for (int at = 0; at < body.length; at += 65_536) {
            int n = Math.min(65_536, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A valid completion padded with blanks to {@code length} bytes. */
    private byte[] padded(int length) {
        byte[] valid = valid("oversized");
        byte[] out = new byte[length];
        System.arraycopy(valid, 0, out, 0, valid.length);
        java.util.Arrays.fill(out, valid.length, length, (byte) ' ');
        return out;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ---- the wire ---------------------------------------------------------------------------------------

    /**
     * Sends {@code request} (from a thread of its own, so an early answer is read while the rest is still being
     * written) and reads the answer's status line.
     */
    private Outcome exchange(byte[] request, boolean halfClose) throws Exception {
        Socket s = new Socket();
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = s.getOutputStream();
                out.write(request);
                out.flush();
                if (halfClose) {
                    s.shutdownOutput();
                }
            } catch (IOException e) {
                // the server answered and closed before taking everything: the answer is what counts
            }
        }, "hostile-writer");
        writer.setDaemon(true);
        try (s) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(ANSWER_TIMEOUT_MS);
            writer.start();
            return read(s.getInputStream());
        } finally {
            writer.join(TimeUnit.SECONDS.toMillis(10)); // the closed socket ends a write still under way
        }
    }

    /** @return the status of the first response, or {@link Outcome#CLOSED}; fails on a hang */
    private static Outcome read(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0;) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    return status(text.substring(0, end));
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No answer and no close within " + ANSWER_TIMEOUT_MS + " ms (a hang); got: "
                    + got.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) { // reset by the server
            if (got.size() == 0) {
                return new Outcome(0, "reset without an answer");
            }
        }
        if (got.size() == 0) {
            return Outcome.CLOSED;
        }
        return status(got.toString(StandardCharsets.ISO_8859_1));
    }

    private static Outcome status(String head) {
        Matcher m = Pattern.compile("^HTTP/1\\.[01] (\\d{3})").matcher(head);
        if (!m.find()) {
            throw new AssertionError("Not an HTTP response: " + head);
        }
        boolean problem = head.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json");
        return new Outcome(Integer.parseInt(m.group(1)), problem ? "ingress" : "Jetty");
    }

    /**
     * Slow loris: connections that send a request head a byte at a time and then stop. While they hang, a request
     * on another connection must be answered.
     */
    private String slowLoris(Map<String, Tally> tallies, List<String> details, List<String> failures) throws Exception {
        byte[] head = ("POST /jobhook/v1/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + auth() + "\r\n"
                + json() + "\r\nContent-Len").getBytes(StandardCharsets.US_ASCII);
        List<Socket> lorises = new ArrayList<>();
        try {
            for (int i = 0; i < LORIS_CONNECTIONS; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                lorises.add(s);
            }
            for (byte b : head) { // interleaved: every connection gets its next byte, then a short pause
                for (Socket s : lorises) {
                    s.getOutputStream().write(b);
                    s.getOutputStream().flush();
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            // Now they hang, heads unfinished. Another client must still be served.
            Outcome other = exchange(post("slow loris", "a request beside them", "Bearer not-the-token",
                    "application/json", valid("slow loris")).request(), false);
            Tally tally = tallies.computeIfAbsent("slow loris", Tally::new);
            tally.add(other);
            details.add(String.format(Locale.ROOT, "%-13s %-60s %s", "slow loris", "a request beside "
                    + LORIS_CONNECTIONS + " hanging heads", other.status() + " (" + other.by() + ")"));
            if (other.status() != 401) {
                failures.add("slow loris: the request beside them was answered " + other.status());
            }
            int answered = 0;
            for (Socket s : lorises) { // none of them may have been answered as if its head were complete
                s.setSoTimeout(1);
                try {
                    answered += s.getInputStream().read() >= 0 ? 1 : 0;
                } catch (SocketTimeoutException e) {
                    // still waiting for the rest of its head, as it should
                }
            }
            tally.lorisConnections = LORIS_CONNECTIONS;
            return LORIS_CONNECTIONS + " slow-loris connections sent " + head.length + " bytes of a request head each, "
                    + "a byte at a time, and stopped; while they hung a request on another connection was answered "
                    + other.status() + "; " + answered + " of the hanging connections had an answer.";
        } finally {
            for (Socket s : lorises) {
                s.close();
            }
        }
    }

    // ---- the report -------------------------------------------------------------------------------------

    /** Counts of one category. */
    static final class Tally {
        final String category;
        int requests;
        final Map<Integer, Integer> clientErrors = new TreeMap<>();
        int closed;
        int serverErrors;
        int other;
        int journaled;
        int lorisConnections;

        Tally(String category) {
            this.category = category;
        }

        void add(Outcome o) {
            requests++;
            if (o.status() == 0) {
                closed++;
            } else if (o.status() >= 400 && o.status() <= 499) {
                clientErrors.merge(o.status(), 1, Integer::sum);
            } else if (o.status() >= 500) {
                serverErrors++;
            } else {
                other++;
            }
        }

        String statuses() {
            return clientErrors.isEmpty() ? "—" : clientErrors.entrySet().stream()
                    .map(e -> e.getKey() + " × " + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    private static List<String> table(Map<String, Tally> tallies) {
        List<String> t = new ArrayList<>();
        t.add("| category | requests | 4xx, by status | closed without an answer | 5xx | other | journaled |");
        t.add("|---|---:|---|---:|---:|---:|---:|");
        Tally all = new Tally("all");
        for (Tally x : tallies.values()) {
            t.add(String.format(Locale.ROOT, "| %s | %d | %s | %d | %d | %d | %d |", x.category
                    + (x.lorisConnections > 0 ? " (" + x.lorisConnections + " hanging heads)" : ""), x.requests,
                    x.statuses(), x.closed, x.serverErrors, x.other, x.journaled));
            all.requests += x.requests;
            x.clientErrors.forEach((k, v) -> all.clientErrors.merge(k, v, Integer::sum));
            all.closed += x.closed;
            all.serverErrors += x.serverErrors;
            all.other += x.other;
            all.journaled += x.journaled;
        }
        t.add(String.format(Locale.ROOT, "| **all** | **%d** | %s | %d | **%d** | %d | **%d** |", all.requests,
                all.statuses(), all.closed, all.serverErrors, all.other, all.journaled));
        return t;
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    // ---- body builders, as in runtime/ingress HostileInputTest and Samples -------------------------------

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String minimalWith(String name, String json) {
        return MINIMAL.strip().replaceFirst("}$", Matcher.quoteReplacement(", \"" + name + "\": " + json + "}"));
    }

    private static String minimalReplacing(String name, String json) {
        return MINIMAL.replaceAll("\"" + name + "\": [^,}\\n]+", "\"" + name + "\": " + Matcher.quoteReplacement(json));
    }

    private static byte[] nulls() {
        byte[] body = utf8(MINIMAL);
        body[0] = 0;
        body[body.length / 2] = 0;
        return body;
    }

    private static byte[] invalidUtf8() {
        byte[] body = utf8(minimalWith("Username", "\"xx\""));
        int at = new String(body, StandardCharsets.ISO_8859_1).indexOf("xx");
        body[at] = (byte) 0xFF;
        body[at + 1] = (byte) 0xFE;
        return body;
    }

    private static byte[] overlong() {
        byte[] body = utf8(MINIMAL);
        byte[] out = new byte[body.length + 1];
        out[0] = '{';
        out[1] = (byte) 0xC0; // overlong encoding of '"' (0x22)
        out[2] = (byte) 0xA2;
        System.arraycopy(body, 2, out, 3, body.length - 2);
        return out;
    }

    private static byte[] bom16() {
        byte[] text = MINIMAL.getBytes(StandardCharsets.UTF_16BE);
        byte[] out = new byte[text.length + 2];
        out[0] = (byte) 0xFE;
        out[1] = (byte) 0xFF;
        System.arraycopy(text, 0, out, 2, text.length);
        return out;
    }

    private static byte[] manyFields(int count, boolean twoCases) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            String name = (twoCases && i % 2 == 1 ? "F" : "f") + (twoCases ? i / 2 : i);
            b.append(i == 0 ? "" : ",").append('"').append(name).append("\":").append(i);
        }
        return utf8(b.append('}').toString());
    }

    private static byte[] randomBytes() {
        byte[] body = new byte[4096];
        new Random(42).nextBytes(body);
        return body;
    }
}
