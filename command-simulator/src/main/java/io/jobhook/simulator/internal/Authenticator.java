package io.jobhook.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Checks credentials (Basic {@code DOMAIN\\user:password}; bearer tokens) and serves the OAuth 2.0
 * client-credentials token endpoint. Never logs or echoes a secret.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a credential check found. */
    public record Outcome(boolean ok, String principal, boolean bearer, String error) {
        static Outcome ok(String principal, boolean bearer) {
            return new Outcome(true, principal, bearer, null);
        }

        static Outcome fail(boolean bearer, String error) {
            return new Outcome(false, null, bearer, error);
        }
    }

    private record Token(String clientId, Instant expires) {
    }

    private final SimulatorSettings settings;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    public Authenticator(SimulatorSettings settings, Clock clock, ObjectMapper mapper) {
        this.settings = settings;
        this.clock = clock;
        this.mapper = mapper;
    }

    /**
     * @param authorization the {@code Authorization} header, or empty
     * @param expireNow asked once for a bearer token that is otherwise valid: true rejects it as expired
     *        (the {@code expireTokens} fault)
     */
    public Outcome authenticate(Optional<String> authorization, BooleanSupplier expireNow) {
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            return Outcome.fail(false, "No credentials");
        }
        String h = authorization.get().trim();
        int sp = h.indexOf(' ');
        String scheme = sp < 0 ? h : h.substring(0, sp);
        String value = sp < 0 ? "" : h.substring(sp + 1).trim();
        if (scheme.equalsIgnoreCase("Basic") && settings.auth().contains(AuthScheme.BASIC)) {
            String[] up = decodeBasic(value);
            if (up == null) {
                return Outcome.fail(false, "Malformed Basic credentials");
            }
            for (Map.Entry<String, String> u : settings.users().entrySet()) {
                if (u.getKey().equalsIgnoreCase(up[0]) && constantTimeEquals(u.getValue(), up[1])) {
                    return Outcome.ok(u.getKey(), false);
                }
            }
            LOG.debug("Basic authentication failed for user '{}'", up[0]);
            return Outcome.fail(false, "Wrong user or password");
        }
        if (scheme.equalsIgnoreCase("Bearer") && settings.auth().contains(AuthScheme.OAUTH)) {
            Token t = tokens.get(value);
            if (t == null) {
                return Outcome.fail(true, "The access token is not valid");
            }
            if (!clock.instant().isBefore(t.expires())) {
                tokens.remove(value);
                return Outcome.fail(true, "The access token expired");
            }
            if (expireNow.getAsBoolean()) {
                tokens.remove(value);
                return Outcome.fail(true, "The access token expired");
            }
            return Outcome.ok(t.clientId(), true);
        }
        return Outcome.fail(false, "Authentication scheme not accepted");
    }

    /** @return the 401 answer: no body, one {@code WWW-Authenticate} per enabled scheme */
    public SimResponse unauthorized(Outcome outcome) {
        SimResponse r = new SimResponse(401);
        if (settings.auth().contains(AuthScheme.BASIC)) {
            r.header("WWW-Authenticate", "Basic realm=\"Keyfactor\"");
        }
        if (settings.auth().contains(AuthScheme.OAUTH)) {
            r.header("WWW-Authenticate", outcome.bearer()
                    ? "Bearer error=\"invalid_token\", error_description=\"" + outcome.error() + "\""
                    : "Bearer");
        }
        return r;
    }

    /** Serves {@code POST /realms/Keyfactor/protocol/openid-connect/token}. */
    public SimResponse token(SimRequest req) {
        if (!settings.auth().contains(AuthScheme.OAUTH)) {
            return SimResponse.text(404, "Not Found");
        }
        if (!req.method().equals("POST")) {
            return oauthError(405, "invalid_request", "Use POST").header("Allow", "POST");
        }
        String ct = req.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!ct.startsWith("application/x-www-form-urlencoded")) {
            return oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        }
        Map<String, List<String>> form = SimRequest.parseForm(req.bodyText());
        String grant = first(form, "grant_type");
        if (grant == null) {
            return oauthError(400, "invalid_request", "Missing grant_type");
        }
        if (!grant.equals("client_credentials")) {
            return oauthError(400, "unsupported_grant_type", "Only client_credentials is supported");
        }
        String clientId = first(form, "client_id");
        String secret = first(form, "client_secret");
        Optional<String> auth = req.header("Authorization");
        if (auth.isPresent() && auth.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] cs = decodeBasic(auth.get().substring(6).trim());
            if (cs == null) {
                return oauthError(401, "invalid_client", "Malformed client credentials");
            }
            clientId = java.net.URLDecoder.decode(cs[0], StandardCharsets.UTF_8);
            secret = java.net.URLDecoder.decode(cs[1], StandardCharsets.UTF_8);
        }
        if (clientId == null || secret == null) {
            return oauthError(401, "invalid_client", "Missing client_id or client_secret");
        }
        String expected = settings.clients().get(clientId);
        if (expected == null || !constantTimeEquals(expected, secret)) {
            LOG.debug("Token request refused for client '{}'", clientId);
            return oauthError(401, "invalid_client", "Invalid client credentials");
        }
        Instant now = clock.instant();
        tokens.values().removeIf(t -> !now.isBefore(t.expires()));
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        int ttl = settings.tokenTtlSeconds();
        tokens.put(token, new Token(clientId, now.plus(Duration.ofSeconds(ttl))));
        ObjectNode n = mapper.createObjectNode();
        n.put("access_token", token);
        n.put("token_type", "Bearer");
        n.put("expires_in", ttl);
        String scope = first(form, "scope");
        if (scope != null) {
            n.put("scope", scope);
        }
        LOG.debug("Issued a token to client '{}' for {} s", clientId, ttl);
        return SimResponse.json(200, n.toString()).header("Cache-Control", "no-store");
    }

    private SimResponse oauthError(int status, String error, String description) {
        ObjectNode n = mapper.createObjectNode();
        n.put("error", error);
        n.put("error_description", description);
        return SimResponse.json(status, n.toString()).header("Cache-Control", "no-store");
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
    }

    private static String[] decodeBasic(String value) {
        try {
            String s = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            return colon < 0 ? null : new String[] {s.substring(0, colon), s.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
