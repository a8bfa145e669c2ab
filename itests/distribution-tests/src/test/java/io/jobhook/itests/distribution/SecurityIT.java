package io.jobhook.itests.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

/**
 * The packaged distribution set up as docs/SECURITY.md says: HTTPS only with the keystore made by {@code keytool},
 * secrets given by reference ({@code $[env:…]}, {@code $[secret:…]}), client certificates; and, as after every
 * distribution test ({@link RunningJobhook#close()}), no configured secret in its console, logs or data.
 */
class SecurityIT {

    static final UUID INVENTORY = UUID.fromString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
    static final String STORE_PASSWORD = "keystore-pass-" + UUID.randomUUID();

    /** The stores of one test: the server's key, the clients' keys, what each side trusts. */
    record Stores(Path server, Path serverCertificate, Path trustedClient, Path untrustedClient, Path clientsTrusted) {
    }

    static String keytool(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        return RunningJobhook.run(command);
    }

    /** Makes the stores as docs/SECURITY.md does, with {@code keytool}. */
    static Stores stores(Path tls) throws IOException {
        Files.createDirectories(tls);
        Path server = tls.resolve("jobhook.p12");
        keytool(tls, "-genkeypair", "-alias", "jobhook", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", server.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        Path serverCertificate = tls.resolve("jobhook.pem");
        keytool(tls, "-exportcert", "-rfc", "-alias", "jobhook", "-keystore", server.toString(), "-storepass",
                STORE_PASSWORD, "-file", serverCertificate.toString());
        Path trusted = client(tls, "command", "CN=command.test,O=Jobhook tests");
        Path untrusted = client(tls, "intruder", "CN=command.test,O=Jobhook tests"); // the same name, another key
        Path clientsTrusted = tls.resolve("clients.p12");
        Path trustedCertificate = tls.resolve("command.pem");
        keytool(tls, "-exportcert", "-rfc", "-alias", "command", "-keystore", trusted.toString(), "-storepass",
                STORE_PASSWORD, "-file", trustedCertificate.toString());
        keytool(tls, "-importcert", "-noprompt", "-alias", "command", "-file", trustedCertificate.toString(),
                "-keystore", clientsTrusted.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        return new Stores(server, serverCertificate, trusted, untrusted, clientsTrusted);
    }

    private static Path client(Path tls, String alias, String subject) throws IOException {
        Path store = tls.resolve(alias + ".p12");
        keytool(tls, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", subject, "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD,
                "-keypass", STORE_PASSWORD);
        return store;
    }

    /** A client that trusts the server's certificate, presenting {@code clientKey} when not null. */
    static HttpClient client(Stores stores, Path clientKey) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(stores.serverCertificate())) {
            trust.setCertificateEntry("jobhook", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientKey != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(clientKey)) {
                keys.load(in, STORE_PASSWORD.toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, STORE_PASSWORD.toCharArray());
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static HttpRequest push(URI ingress, String token) {
        String body = "{\"AgentId\":\"fa406103-d84a-43ea-8bfd-99bc1f064281\",\"JobId\":\"" + UUID.randomUUID()
                + "\",\"JobType\":\"WinCertInventory\",\"JobTypeId\":\"" + INVENTORY + "\",\"JobResult\":\"Success\"}";
        HttpRequest.Builder b = HttpRequest.newBuilder(ingress).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    static boolean answers(HttpClient client, URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 405;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void httpsOnlyWithSecretsByReferenceAcceptsAPushAndPlainHttpNothing() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("https-only")) {
            Stores stores = stores(jobhook.home.resolve("etc").resolve("tls"));
            int securePort = freePort();
            String pushToken = jobhook.secret("push-token-" + UUID.randomUUID());
            jobhook.secret(STORE_PASSWORD);
            Files.writeString(Files.createDirectories(jobhook.home.resolve("secrets")).resolve("keystore.password"), STORE_PASSWORD,
                    StandardCharsets.UTF_8);
            jobhook.environment.put("JOBHOOK_TEST_PUSH_TOKEN", pushToken);
            jobhook.config("io.jobhook.command.cfg", "url = http://127.0.0.1:9/KeyfactorAPI\nauth = none\nmaxAttempts = 1\n");
            jobhook.config("io.jobhook.ingress.cfg", ".tokens = $[env:JOBHOOK_TEST_PUSH_TOKEN]\n");
            jobhook.config("org.apache.felix.http.cfg", String.join("\n",
                    "org.apache.felix.https.enable = true",
                    "org.osgi.service.http.port.secure = " + securePort,
                    "org.apache.felix.https.keystore = " + stores.server(),
                    "org.apache.felix.https.keystore.password = $[secret:keystore.password]",
                    "org.apache.felix.https.keystore.key.password = $[secret:keystore.password]",
                    "org.apache.felix.http.enable = false", ""));
            HttpClient https = client(stores, null);
            URI ingress = URI.create("https://127.0.0.1:" + securePort + "/jobhook/v1/completions");
            jobhook.start(() -> answers(https, ingress));

            HttpResponse<String> accepted = https.send(push(ingress, pushToken), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(https.send(push(ingress, "$[env:JOBHOOK_TEST_PUSH_TOKEN]"), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("the reference itself is no token").isEqualTo(401);

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(RunningJobhook.completionRequest(jobhook.uri("/jobhook/v1/completions"),
                    INVENTORY), HttpResponse.BodyHandlers.ofString())).as("nothing listens on the plain HTTP port")
                    .isInstanceOf(ConnectException.class);

            HttpResponse<String> nothing = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + securePort
                    + "/nothing/here?token=" + pushToken)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(nothing.statusCode()).isEqualTo(404);
            assertThat(nothing.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(nothing.body()).contains("urn:jobhook:problem:http-404").doesNotContain(pushToken);

            HttpResponse<String> health = https.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + securePort + "/jobhook/v1/health/live")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            // The start line comes once every start level is up, which may be after the ingress first answers.
            RunningJobhook.await("the start line", Duration.ofSeconds(30),
                    () -> jobhook.console().contains("Jobhook started on "));
            assertThat(jobhook.console()).contains("https://127.0.0.1:" + securePort + "/jobhook/v1/")
                    .doesNotContain("http://127.0.0.1:" + jobhook.port);

            // the check every distribution test ends with finds a secret where it should not be
            assertThat(jobhook.leaks()).isEmpty();
            Path planted = Files.createDirectories(jobhook.home.resolve("logs")).resolve("planted.log");
            Files.writeString(planted, "a line with " + pushToken + " in it\n");
            assertThat(jobhook.leaks()).singleElement().asString().startsWith("logs/planted.log: secret ")
                    .doesNotContain(pushToken);
            Files.delete(planted);
        }
    }

    @Test
    void withClientCertificatesRequiredOnlyAListedTrustedOneIsAccepted() throws Exception {
        try (RunningJobhook jobhook = RunningJobhook.prepare("client-certificates")) {
            Stores stores = stores(jobhook.home.resolve("etc").resolve("tls"));
            int securePort = freePort();
            jobhook.secret(STORE_PASSWORD);
            Files.writeString(Files.createDirectories(jobhook.home.resolve("secrets")).resolve("store.password"), STORE_PASSWORD,
                    StandardCharsets.UTF_8);
            jobhook.config("io.jobhook.command.cfg", "url = http://127.0.0.1:9/KeyfactorAPI\nauth = none\nmaxAttempts = 1\n");
            jobhook.config("io.jobhook.ingress.cfg", "clientSubjects = CN=command.test,O=Jobhook tests\n");
            jobhook.config("org.apache.felix.http.cfg", String.join("\n",
                    "org.apache.felix.https.enable = true",
                    "org.osgi.service.http.port.secure = " + securePort,
                    "org.apache.felix.https.keystore = " + stores.server(),
                    "org.apache.felix.https.keystore.password = $[secret:store.password]",
                    "org.apache.felix.https.keystore.key.password = $[secret:store.password]",
                    "org.apache.felix.https.clientcertificate = wants",
                    "org.apache.felix.https.truststore = " + stores.clientsTrusted(),
                    "org.apache.felix.https.truststore.password = $[secret:store.password]",
                    "org.apache.felix.http.enable = false", ""));
            URI ingress = URI.create("https://127.0.0.1:" + securePort + "/jobhook/v1/completions");
            HttpClient trusted = client(stores, stores.trustedClient());
            jobhook.start(() -> answers(trusted, ingress));

            HttpResponse<String> accepted = trusted.send(push(ingress, null), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            HttpClient without = client(stores, null);
            HttpResponse<String> refused = without.send(push(ingress, null), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("client certificate is required");
            assertThat(without.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + securePort
                    + "/jobhook/v1/health/live")).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("health needs no certificate").isEqualTo(200);

            HttpClient untrusted = client(stores, stores.untrustedClient());
            int status;
            try {
                status = untrusted.send(push(ingress, null), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException handshakeRefused) {
                status = -1;
            }
            assertThat(status).as("a certificate the truststore does not hold: refused in the handshake or with 401")
                    .isIn(-1, 401);
        }
    }
}
