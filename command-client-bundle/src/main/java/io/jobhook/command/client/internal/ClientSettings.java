package io.jobhook.command.client.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A validated client configuration (PID {@code io.jobhook.command}). Its {@link #toString()} shows no
 * secret.
 */
final class ClientSettings {

    static final String PID = "io.jobhook.command";

    final URI baseUri;
    final AuthMode auth;
    final String username;
    final String password;
    final URI tokenUrl;
    final String clientId;
    final String clientSecret;
    final String scope;
    final String audience;
    final String bearerToken;
    final Duration connectTimeout;
    final Duration requestTimeout;
    final Duration backoffInitial;
    final Duration backoffMax;
    final int maxAttempts;
    final Path truststore;
    final String truststorePassword;
    final String apiVersion;

    private ClientSettings(Builder b) {
        this.baseUri = b.baseUri;
        this.auth = b.auth;
        this.username = b.username;
        this.password = b.password;
        this.tokenUrl = b.tokenUrl;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.scope = b.scope;
        this.audience = b.audience;
        this.bearerToken = b.bearerToken;
        this.connectTimeout = b.connectTimeout;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.requestTimeout = b.requestTimeout;
        this.maxAttempts = b.maxAttempts;
        this.truststore = b.truststore;
        this.truststorePassword = b.truststorePassword;
        this.apiVersion = b.apiVersion;
    }

    /**
     * @throws IllegalArgumentException naming every key that cannot work, and its value unless secret
     */
    static ClientSettings from(CommandClientConfig c) {
        return from(c, new ArrayList<>());
    }

    /**
     * From configuration properties as a plain map, read as DS reads them for the component (keys of PID
     * {@code io.jobhook.command}, numbers as numbers or text), then validated as {@link #from(CommandClientConfig)}.
     *
     * @throws IllegalArgumentException naming every key that cannot work, and its value unless secret
     */
    static ClientSettings from(Map<String, ?> properties) {
        List<String> problems = new ArrayList<>();
        return from(ComponentProperties.of(CommandClientConfig.class, properties, problems), problems);
    }

    private static ClientSettings from(CommandClientConfig c, List<String> problems) {
        Builder b = new Builder();
        b.baseUri = httpUri("url", c.url(), true, problems);
        try {
            b.auth = AuthMode.parse(c.auth());
        } catch (IllegalArgumentException e) {
            problems.add("key 'auth': " + e.getMessage());
        }
        b.username = trimmed(c.username());
        b.password = emptyToNull(c._password());
        b.clientId = trimmed(c.clientId());
        b.clientSecret = emptyToNull(c._clientSecret());
        b.scope = trimmed(c.scope());
        b.audience = trimmed(c.audience());
        b.bearerToken = emptyToNull(c._bearerToken());
        if (b.auth == AuthMode.BASIC) {
            require("username", b.username, problems);
            require(".password", b.password, problems);
        } else if (b.auth == AuthMode.OAUTH) {
            b.tokenUrl = httpUri("tokenUrl", c.tokenUrl(), true, problems);
            require("clientId", b.clientId, problems);
            require(".clientSecret", b.clientSecret, problems);
        } else if (b.auth == AuthMode.BEARER) {
            require(".bearerToken", b.bearerToken, problems);
        }
        b.connectTimeout = positive("connectTimeout", c.connectTimeout(), problems);
        b.requestTimeout = positive("requestTimeout", c.requestTimeout(), problems);
        b.backoffInitial = positive("backoffInitial", c.backoffInitial(), problems);
        b.backoffMax = positive("backoffMax", c.backoffMax(), problems);
        if (c.backoffMax() < c.backoffInitial()) {
            problems.add("key 'backoffMax' (" + c.backoffMax() + ") must not be less than 'backoffInitial' ("
                    + c.backoffInitial() + ")");
        }
        b.maxAttempts = c.maxAttempts();
        if (c.maxAttempts() < 1) {
            problems.add("key 'maxAttempts' must be 1 or more, is " + c.maxAttempts());
        }
        String truststore = trimmed(c.truststore());
        if (truststore != null) {
            b.truststore = Path.of(truststore);
            if (!Files.isReadable(b.truststore)) {
                problems.add("key 'truststore': no readable file at " + truststore);
            }
        }
        b.truststorePassword = emptyToNull(c._truststorePassword());
        unresolved(".password", b.password, problems);
        unresolved(".clientSecret", b.clientSecret, problems);
        unresolved(".bearerToken", b.bearerToken, problems);
        unresolved(".truststorePassword", b.truststorePassword, problems);
        b.apiVersion = trimmed(c.apiVersion()) == null ? "1" : c.apiVersion().trim();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + PID + " refused: " + String.join("; ", problems));
        }
        return new ClientSettings(b);
    }

    private static URI httpUri(String key, String value, boolean required, List<String> problems) {
        String text = trimmed(value);
        if (text == null) {
            if (required) {
                problems.add("key '" + key + "' is missing");
            }
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            problems.add("key '" + key + "' is not a URL: " + (text.contains("@") ? "(value hidden)" : "'" + text + "'"));
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo it: user info is where people put passwords.
            problems.add("key '" + key + "' must not carry credentials in the URL; use username and .password");
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            problems.add("key '" + key + "' must be an absolute http or https URL, is '" + text + "'");
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add("key '" + key + "' must have no query or fragment, is '" + text + "'");
            return null;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return URI.create(scheme + "://" + uri.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    /** A {@code $[env:…]} or {@code $[secret:…]} reference the interpolation plugin could not resolve stays as it is. */
    private static void unresolved(String key, String value, List<String> problems) {
        if (value != null && value.startsWith("$[")) {
            problems.add("key '" + key + "' is the unresolved reference " + value
                    + ": set that environment variable or write that secret's file");
        }
    }

    private static void require(String key, String value, List<String> problems) {
        if (value == null) {
            problems.add("key '" + key + "' is missing");
        }
    }

    private static Duration positive(String key, long millis, List<String> problems) {
        if (millis <= 0) {
            problems.add("key '" + key + "' must be more than 0 ms, is " + millis);
            return Duration.ofSeconds(1);
        }
        return Duration.ofMillis(millis);
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String emptyToNull(String secret) {
        return secret == null || secret.isEmpty() ? null : secret;
    }

    @Override
    public String toString() {
        return PID + "[url=" + baseUri + ", auth=" + auth.key()
                + (username != null ? ", username=" + username : "")
                + (tokenUrl != null ? ", tokenUrl=" + tokenUrl + ", clientId=" + clientId : "")
                + ", connectTimeout=" + connectTimeout.toMillis() + ", requestTimeout=" + requestTimeout.toMillis()
                + ", maxAttempts=" + maxAttempts + ", backoffInitial=" + backoffInitial.toMillis()
                + ", backoffMax=" + backoffMax.toMillis() + (truststore != null ? ", truststore=" + truststore : "")
                + ", apiVersion=" + apiVersion + "]";
    }

    private static final class Builder {
        URI baseUri;
        AuthMode auth = AuthMode.BASIC;
        String username;
        String password;
        URI tokenUrl;
        String clientId;
        String clientSecret;
        String scope;
        String audience;
        String bearerToken;
        Duration connectTimeout;
        Duration requestTimeout;
        Duration backoffInitial;
        Duration backoffMax;
        int maxAttempts;
        Path truststore;
        String truststorePassword;
        String apiVersion;
    }
}
