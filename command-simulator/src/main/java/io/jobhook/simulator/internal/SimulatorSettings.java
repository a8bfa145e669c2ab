package io.jobhook.simulator.internal;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a simulator instance is set up; immutable, every {@code with...} returns a copy. Credentials are
 * generated (user {@code KFTRAIN\svc}, OAuth client {@code jobhook}, random secrets) until the first
 * {@link #withUser} or {@link #withClient} replaces them. {@link #toString()} shows no secret.
 */
public final class SimulatorSettings {

    public static final String DEFAULT_BASE_PATH = "/KeyfactorAPI";
    public static final String DEFAULT_USER = "KFTRAIN\\svc";
    public static final String DEFAULT_CLIENT = "jobhook";
    public static final int DEFAULT_TOKEN_TTL_SECONDS = 300;
    public static final int DEFAULT_JOB_INTERVAL_SECONDS = 5;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final long seed;
    private final String basePath;
    private final Set<AuthScheme> auth;
    private final Map<String, String> users;
    private final boolean usersGenerated;
    private final Map<String, String> clients;
    private final boolean clientsGenerated;
    private final int tokenTtlSeconds;
    private final Path storeTypesFile;
    private final String faults;
    private final int jobIntervalSeconds;
    private final URI pushUrl;
    private final String pushToken;

    private SimulatorSettings(long seed, String basePath, Set<AuthScheme> auth, Map<String, String> users,
            boolean usersGenerated, Map<String, String> clients, boolean clientsGenerated, int tokenTtlSeconds,
            Path storeTypesFile, String faults, int jobIntervalSeconds, URI pushUrl, String pushToken) {
        this.seed = seed;
        this.basePath = basePath;
        this.auth = Collections.unmodifiableSet(EnumSet.copyOf(auth));
        this.users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        this.usersGenerated = usersGenerated;
        this.clients = Collections.unmodifiableMap(new LinkedHashMap<>(clients));
        this.clientsGenerated = clientsGenerated;
        this.tokenTtlSeconds = tokenTtlSeconds;
        this.storeTypesFile = storeTypesFile;
        this.faults = faults;
        this.jobIntervalSeconds = jobIntervalSeconds;
        this.pushUrl = pushUrl;
        this.pushToken = pushToken;
    }

    /**
     * @return seed 1, base path {@code /KeyfactorAPI}, Basic and OAuth, one generated user and client,
     *         tokens valid 300 s, the built-in store types, no faults, jobs every 5 s, no push
     */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(GuidDerivation.DEFAULT_SEED, DEFAULT_BASE_PATH, EnumSet.allOf(AuthScheme.class),
                Map.of(DEFAULT_USER, generateSecret()), true, Map.of(DEFAULT_CLIENT, generateSecret()), true,
                DEFAULT_TOKEN_TTL_SECONDS, null, "", DEFAULT_JOB_INTERVAL_SECONDS, null, null);
    }

    /** @return a random URL-safe secret of 24 characters */
    public static String generateSecret() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public SimulatorSettings withSeed(long newSeed) {
        return new SimulatorSettings(newSeed, basePath, auth, users, usersGenerated, clients, clientsGenerated,
                tokenTtlSeconds, storeTypesFile, faults, jobIntervalSeconds, pushUrl, pushToken);
    }

    /**
     * @param path e.g. {@code /KeyfactorAPI}; a trailing slash is dropped
     * @throws IllegalArgumentException for a path that does not start with '/', is only '/', or clashes
     *         with the token or control endpoints
     */
    public SimulatorSettings withBasePath(String path) {
        return new SimulatorSettings(seed, normalizeBasePath(path), auth, users, usersGenerated, clients,
                clientsGenerated, tokenTtlSeconds, storeTypesFile, faults, jobIntervalSeconds, pushUrl, pushToken);
    }

    /** @throws IllegalArgumentException when the set is empty */
    public SimulatorSettings withAuth(Set<AuthScheme> schemes) {
        if (schemes == null || schemes.isEmpty()) {
            throw new IllegalArgumentException("auth must enable basic, oauth or both");
        }
        return new SimulatorSettings(seed, basePath, schemes, users, usersGenerated, clients, clientsGenerated,
                tokenTtlSeconds, storeTypesFile, faults, jobIntervalSeconds, pushUrl, pushToken);
    }

    /**
     * Adds a Basic account; the first call replaces the generated one.
     *
     * @param domainUser e.g. {@code KFTRAIN\svc}
     * @throws IllegalArgumentException for a blank user, a user with ':' or a blank password
     */
    public SimulatorSettings withUser(String domainUser, String password) {
        if (domainUser == null || domainUser.isBlank() || domainUser.contains(":")) {
            throw new IllegalArgumentException("A Basic user must be a non-blank DOMAIN\\user without ':'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("The password of user " + domainUser + " must not be empty");
        }
        Map<String, String> u = usersGenerated ? new LinkedHashMap<>() : new LinkedHashMap<>(users);
        u.put(domainUser.trim(), password);
        return new SimulatorSettings(seed, basePath, auth, u, false, clients, clientsGenerated, tokenTtlSeconds,
                storeTypesFile, faults, jobIntervalSeconds, pushUrl, pushToken);
    }

    /**
     * Adds an OAuth client; the first call replaces the generated one.
     *
     * @throws IllegalArgumentException for a blank client id or secret
     */
    public SimulatorSettings withClient(String clientId, String secret) {
        if (clientId == null || clientId.isBlank() || clientId.contains(":")) {
            throw new IllegalArgumentException("An OAuth client id must be non-blank, without ':'");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("The secret of client " + clientId + " must not be empty");
        }
        Map<String, String> c = clientsGenerated ? new LinkedHashMap<>() : new LinkedHashMap<>(clients);
        c.put(clientId.trim(), secret);
        return new SimulatorSettings(seed, basePath, auth, users, usersGenerated, c, false, tokenTtlSeconds,
                storeTypesFile, faults, jobIntervalSeconds, pushUrl, pushToken);
    }

    /** @throws IllegalArgumentException for less than 1 */
    public SimulatorSettings withTokenTtlSeconds(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("tokenTtlSeconds must be 1 or more, was " + seconds);
        }
        return new SimulatorSettings(seed, basePath, auth, users, usersGenerated, clients, clientsGenerated, seconds,
                storeTypesFile, faults, jobIntervalSeconds, pushUrl, pushToken);
    }

    /** @param file a store type definitions file (kfutil {@code store_types.json} form), or null for none */
    public SimulatorSettings withStoreTypesFile(Path file) {
        return new SimulatorSettings(seed, basePath, auth, users, usersGenerated, clients, clientsGenerated,
                tokenTtlSeconds, file, faults, jobIntervalSeconds, pushUrl, pushToken);
    }

    /**
     * @param spec a fault spec ({@link FaultSpec}), or null/empty for none
     * @throws IllegalArgumentException naming the bad item
     */
    public SimulatorSettings withFaults(String spec) {
        String s = spec == null ? "" : spec.trim();
        FaultSpec.parse(s);
        return new SimulatorSettings(seed, basePath, auth, users, usersGenerated, clients, clientsGenerated,
                tokenTtlSeconds, storeTypesFile, s, jobIntervalSeconds, pushUrl, pushToken);
    }

    /**
     * @param seconds how often the job engine runs due jobs; 0 turns the automatic engine off (tests then
     *        call {@link CommandModel#runDueJobs})
     * @throws IllegalArgumentException for a negative value
     */
    public SimulatorSettings withJobIntervalSeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("jobIntervalSeconds must be 0 (off) or more, was " + seconds);
        }
        return new SimulatorSettings(seed, basePath, auth, users, usersGenerated, clients, clientsGenerated,
                tokenTtlSeconds, storeTypesFile, faults, seconds, pushUrl, pushToken);
    }

    /**
     * @param url where completions are pushed ({@code POST}), or null for no push
     * @param token the bearer token to push with
     * @throws IllegalArgumentException for a URL that is not http(s), or a URL without a token
     */
    public SimulatorSettings withPush(URI url, String token) {
        if (url != null) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new IllegalArgumentException("pushUrl must be an absolute http(s) URL, was '" + url + "'");
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("pushUrl is set but .pushToken is empty");
            }
        }
        return new SimulatorSettings(seed, basePath, auth, users, usersGenerated, clients, clientsGenerated,
                tokenTtlSeconds, storeTypesFile, faults, jobIntervalSeconds, url, url == null ? null : token);
    }

    /**
     * Builds settings from the configuration keys of PID {@code io.jobhook.simulator}.
     *
     * @param users {@code .users} entries {@code DOMAIN\\user=password}; empty keeps the generated one
     * @param clients {@code .clients} entries {@code clientId=secret}; empty keeps the generated one
     * @param pushUrl empty for no push
     * @throws IllegalArgumentException naming the key (and the entry's position, never its secret)
     */
    public static SimulatorSettings fromConfiguration(long seed, int jobIntervalSeconds, String basePath, String auth,
            String[] users, String[] clients, int tokenTtlSeconds, String pushUrl, String pushToken, String faults) {
        SimulatorSettings s = defaults().withSeed(seed);
        s = keyed("jobIntervalSeconds", s, x -> x.withJobIntervalSeconds(jobIntervalSeconds));
        s = keyed("basePath", s, x -> x.withBasePath(basePath));
        s = keyed("auth", s, x -> x.withAuth(AuthScheme.parseList(auth)));
        s = keyed("tokenTtlSeconds", s, x -> x.withTokenTtlSeconds(tokenTtlSeconds));
        s = keyed("faults", s, x -> x.withFaults(faults));
        for (String[] pair : pairs(".users", users)) {
            s = keyed(".users", s, x -> x.withUser(pair[0], pair[1]));
        }
        for (String[] pair : pairs(".clients", clients)) {
            s = keyed(".clients", s, x -> x.withClient(pair[0], pair[1]));
        }
        if (pushUrl != null && !pushUrl.isBlank()) {
            URI url;
            try {
                url = URI.create(pushUrl.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pushUrl '" + pushUrl + "' is not a URL");
            }
            s = keyed("pushUrl", s, x -> x.withPush(url, pushToken));
        }
        return s;
    }

    private static SimulatorSettings keyed(String key, SimulatorSettings s,
            java.util.function.UnaryOperator<SimulatorSettings> change) {
        try {
            return change.apply(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid " + key + ": " + e.getMessage(), e);
        }
    }

    private static java.util.List<String[]> pairs(String key, String[] entries) {
        java.util.List<String[]> result = new java.util.ArrayList<>();
        if (entries == null) {
            return result;
        }
        for (int i = 0; i < entries.length; i++) {
            String e = entries[i];
            if (e == null || e.isBlank()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq <= 0 || eq == e.length() - 1) {
                throw new IllegalArgumentException("Invalid " + key + " entry " + (i + 1)
                        + ": expected name=secret (the value is not shown)");
            }
            result.add(new String[] {e.substring(0, eq).trim(), e.substring(eq + 1)});
        }
        return result;
    }

    static String normalizeBasePath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("basePath must start with '/', was '" + path + "'");
        }
        String p = path.trim();
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String lower = p.toLowerCase(Locale.ROOT);
        if (p.equals("/") || lower.equals("/simulator") || lower.startsWith("/simulator/")
                || lower.equals("/realms") || lower.startsWith("/realms/") || p.contains("?") || p.contains(" ")) {
            throw new IllegalArgumentException("basePath '" + path
                    + "' must be a path such as /KeyfactorAPI, not '/', '/simulator' or '/realms'");
        }
        return p;
    }

    public long seed() {
        return seed;
    }

    /** @return e.g. {@code /KeyfactorAPI}, without a trailing slash */
    public String basePath() {
        return basePath;
    }

    public Set<AuthScheme> auth() {
        return auth;
    }

    /** @return the Basic accounts in force: {@code DOMAIN\\user} to password */
    public Map<String, String> users() {
        return users;
    }

    /** @return the OAuth clients in force: client id to secret */
    public Map<String, String> clients() {
        return clients;
    }

    /** @return the first Basic account's {@code DOMAIN\\user} */
    public String user() {
        return users.keySet().iterator().next();
    }

    /** @return the first Basic account's password */
    public String password() {
        return users.values().iterator().next();
    }

    /** @return the first OAuth client's id */
    public String clientId() {
        return clients.keySet().iterator().next();
    }

    /** @return the first OAuth client's secret */
    public String clientSecret() {
        return clients.values().iterator().next();
    }

    public int tokenTtlSeconds() {
        return tokenTtlSeconds;
    }

    public Optional<Path> storeTypesFile() {
        return Optional.ofNullable(storeTypesFile);
    }

    /** @return the fault spec the instance starts with, possibly empty */
    public String faults() {
        return faults;
    }

    public int jobIntervalSeconds() {
        return jobIntervalSeconds;
    }

    public Optional<URI> pushUrl() {
        return Optional.ofNullable(pushUrl);
    }

    /** @return the push token, or null */
    public String pushToken() {
        return pushToken;
    }

    @Override
    public String toString() {
        return "SimulatorSettings[seed=" + seed + ", basePath=" + basePath + ", auth=" + auth + ", users="
                + users.keySet() + ", clients=" + clients.keySet() + ", tokenTtlSeconds=" + tokenTtlSeconds
                + ", storeTypesFile=" + storeTypesFile + ", faults=" + faults + ", jobIntervalSeconds="
                + jobIntervalSeconds + ", pushUrl=" + pushUrl + ", pushToken=" + (pushToken == null ? "none" : "***")
                + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimulatorSettings s && seed == s.seed && basePath.equals(s.basePath)
                && auth.equals(s.auth) && users.equals(s.users) && clients.equals(s.clients)
                && tokenTtlSeconds == s.tokenTtlSeconds && Objects.equals(storeTypesFile, s.storeTypesFile)
                && faults.equals(s.faults) && jobIntervalSeconds == s.jobIntervalSeconds
                && Objects.equals(pushUrl, s.pushUrl) && Objects.equals(pushToken, s.pushToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed, basePath, auth, users.keySet(), clients.keySet());
    }
}
