package io.jobhook.command.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.jobhook.api.command.Agent;
import io.jobhook.api.command.Certificate;
import io.jobhook.api.command.CertificateStore;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandApiException;
import io.jobhook.api.command.CommandRequest;
import io.jobhook.api.command.CommandResponse;
import io.jobhook.api.command.CustomJobRequest;
import io.jobhook.api.command.CustomJobType;
import io.jobhook.api.command.JobAuditSelection;
import io.jobhook.api.command.JobHistoryEntry;
import io.jobhook.api.command.JobStatusData;
import io.jobhook.api.command.PagedQuery;
import io.jobhook.api.command.Query;
import io.jobhook.api.command.ScheduledCustomJob;
import io.jobhook.api.command.ScheduledJob;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.propertytypes.ServiceDescription;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.command.client.internal.CommandHttp.Call;

/**
 * {@link CommandApi} over HTTP, and the service of that name, configured by PID {@code io.jobhook.command}.
 * A configuration change re-activates it with a fresh client (in-flight calls finish on the old one); a
 * configuration that cannot work is refused with one line naming the keys, and no service is registered.
 * Thread-safe; tests build it without a framework from a {@link CommandHttp}.
 */
@Component(service = CommandApi.class, configurationPid = ClientSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CommandClientConfig.class)
@ServiceDescription("Jobhook Keyfactor Command API client")
public final class HttpCommandApi implements CommandApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpCommandApi.class);

    /** Page size the client uses where it reads every page itself. */
    static final int FULL_LIST_PAGE = 100;

    private final CommandHttp http;

    HttpCommandApi(CommandHttp http) {
        this.http = http;
    }

    /** The service: the client {@code config} describes, or one ERROR line naming what cannot work. */
    @Activate
    public HttpCommandApi(CommandClientConfig config) {
        this(configured(config));
    }

    private static CommandHttp configured(CommandClientConfig config) {
        try {
            ClientSettings settings = ClientSettings.from(config);
            LOG.info("Command API client configured: {}", settings);
            return transport(settings, Clock.systemUTC(), RetryPolicy.of(settings), d -> Thread.sleep(d.toMillis()));
        } catch (IllegalArgumentException e) { // a key that cannot work, an unreadable truststore
            LOG.error(e.getMessage());
            throw e;
        }
    }

    /**
     * Builds the client a configuration describes: one JDK {@link HttpClient} (HTTP/2 where the server
     * offers it over TLS), the configured authentication and truststore.
     */
    static HttpCommandApi create(ClientSettings settings, Clock clock) {
        return create(settings, clock, RetryPolicy.of(settings), d -> Thread.sleep(d.toMillis()));
    }

    /** As {@link #create(ClientSettings, Clock)}, with the waits between attempts chosen by the caller (tests). */
    static HttpCommandApi create(ClientSettings settings, Clock clock, RetryPolicy retry, CommandHttp.Sleeper sleeper) {
        return new HttpCommandApi(transport(settings, clock, retry, sleeper));
    }

    /** @return the HTTP side of a client: one JDK client, the authentication, Keyfactor's headers, retries */
    static CommandHttp transport(ClientSettings settings, Clock clock, RetryPolicy retry, CommandHttp.Sleeper sleeper) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version("https".equals(settings.baseUri.getScheme()) ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1);
        if (settings.truststore != null) {
            builder.sslContext(sslContext(settings));
        }
        HttpClient client = builder.build();
        Authenticator authenticator = switch (settings.auth) {
            case BASIC -> Authenticator.basic(settings.username, settings.password);
            case OAUTH -> new OAuthClientCredentials(client, settings.tokenUrl, settings.clientId,
                    settings.clientSecret, settings.scope, settings.audience, settings.requestTimeout, clock);
            case BEARER -> Authenticator.bearer(settings.bearerToken);
            case NONE -> Authenticator.none();
        };
        return new CommandHttp(settings.baseUri, client, authenticator, settings.apiVersion, settings.requestTimeout,
                retry, clock, sleeper);
    }

    private static SSLContext sslContext(ClientSettings settings) {
        char[] password = settings.truststorePassword == null ? null : settings.truststorePassword.toCharArray();
        try (InputStream in = Files.newInputStream(settings.truststore)) {
            KeyStore store = KeyStore.getInstance(settings.truststore.toString().toLowerCase(Locale.ROOT).endsWith(".jks")
                    ? "JKS" : "PKCS12");
            store.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Configuration " + ClientSettings.PID + " refused: key 'truststore': "
                    + settings.truststore + " cannot be read as a truststore (" + e.getClass().getSimpleName()
                    + "; check .truststorePassword)", e);
        }
    }

    @Override
    public URI baseUri() {
        return http.baseUri();
    }

    @Override
    public String productVersion() {
        String seen = http.lastProductVersion();
        if (seen != null) {
            return seen;
        }
        http.call(Call.get("/Status/Endpoints", Map.of()), r -> null);
        seen = http.lastProductVersion();
        if (seen == null) {
            throw new CommandApiException(200, null, null, "GET", "/Status/Endpoints",
                    "the answer carries no X-Keyfactor-Product-Version header", null);
        }
        return seen;
    }

    @Override
    public Optional<CertificateStoreType> storeTypeByName(String shortName) {
        if (shortName == null || shortName.isBlank()) {
            throw new IllegalArgumentException("A store type's short name must not be blank");
        }
        return notFoundAsEmpty(() -> {
            List<CertificateStoreType> types = http.call(
                    Call.get("/CertificateStoreTypes/Name/" + segment(shortName.trim()), Map.of()),
                    r -> CommandJson.list(CommandJson.read(r.body()), CommandJson::storeType));
            return types.isEmpty() ? null : types.get(0);
        });
    }

    @Override
    public List<CertificateStoreType> storeTypes() {
        return PagedQuery.all().limit(FULL_LIST_PAGE).stream(q -> http.call(
                Call.get("/CertificateStoreTypes", q.parameters()),
                r -> CommandJson.list(CommandJson.read(r.body()), CommandJson::storeType))).toList();
    }

    @Override
    public List<JobHistoryEntry> jobHistory(PagedQuery query) {
        return http.call(Call.get("/OrchestratorJobs/JobHistory", query.parameters()),
                r -> CommandJson.list(CommandJson.read(r.body()), CommandJson::jobHistoryEntry));
    }

    @Override
    public List<ScheduledJob> scheduledJobs(PagedQuery query) {
        return http.call(Call.get("/OrchestratorJobs/ScheduledJobs", query.parameters()),
                r -> CommandJson.list(CommandJson.read(r.body()), CommandJson::scheduledJob));
    }

    @Override
    public ScheduledCustomJob scheduleCustomJob(CustomJobRequest request) {
        // Not idempotent: Command would schedule a second job; retried only where Command refused it unseen.
        return http.call(new Call("POST", "/OrchestratorJobs/Custom", Map.of(), CommandJson.customJobRequestJson(request),
                false), r -> CommandJson.object(CommandJson.read(r.body()), CommandJson::scheduledCustomJob));
    }

    @Override
    public Optional<JobStatusData> jobStatusData(long jobHistoryId) {
        return notFoundAsEmpty(() -> http.call(
                Call.get("/OrchestratorJobs/JobStatus/Data", Map.of("jobHistoryId", Long.toString(jobHistoryId))),
                r -> CommandJson.object(CommandJson.read(r.body()), CommandJson::jobStatusData)));
    }

    @Override
    public List<CustomJobType> customJobTypes() {
        return PagedQuery.all().limit(FULL_LIST_PAGE).stream(q -> http.call(Call.get("/JobTypes/Custom", q.parameters()),
                r -> CommandJson.list(CommandJson.read(r.body()), CommandJson::customJobType))).toList();
    }

    @Override
    public List<Agent> agents(PagedQuery query) {
        return http.call(Call.get("/Agents", query.parameters()),
                r -> CommandJson.list(CommandJson.read(r.body()), CommandJson::agent));
    }

    @Override
    public Optional<Agent> agent(UUID agentId) {
        return notFoundAsEmpty(() -> http.call(Call.get("/Agents/" + agentId, Map.of()),
                r -> CommandJson.object(CommandJson.read(r.body()), CommandJson::agent)));
    }

    @Override
    public Optional<Certificate> certificate(int certificateId) {
        Map<String, String> include = new LinkedHashMap<>();
        include.put("includeLocations", "true");
        include.put("includeMetadata", "true");
        return notFoundAsEmpty(() -> http.call(Call.get("/Certificates/" + certificateId, include),
                r -> CommandJson.object(CommandJson.read(r.body()), CommandJson::certificate)));
    }

    @Override
    public Optional<CertificateStore> certificateStore(UUID storeId) {
        return notFoundAsEmpty(() -> http.call(Call.get("/CertificateStores/" + storeId, Map.of()),
                r -> CommandJson.object(CommandJson.read(r.body()), CommandJson::certificateStore)));
    }

    @Override
    public void acknowledgeJobs(JobAuditSelection selection) {
        // Acknowledging twice changes nothing: safe to retry.
        http.call(new Call("POST", "/OrchestratorJobs/Acknowledge", Map.of(),
                CommandJson.jobAuditSelectionJson(selection), true), r -> null);
    }

    @Override
    public void rescheduleJobs(JobAuditSelection selection) {
        http.call(new Call("POST", "/OrchestratorJobs/Reschedule", Map.of(),
                CommandJson.jobAuditSelectionJson(selection), true), r -> null);
    }

    @Override
    public CommandResponse send(CommandRequest request) {
        String path = request.path();
        boolean idempotent = !request.method().equals("POST") && !request.method().equals("PATCH");
        return http.call(new Call(request.method(), encodePath(path), request.queryParameters(), request.jsonBody(),
                idempotent), r -> r);
    }

    @Override
    public final String toString() {
        return "CommandApi[" + http.baseUri() + "]";
    }

    private interface Lookup<T> {
        T get();
    }

    private static <T> Optional<T> notFoundAsEmpty(Lookup<T> lookup) {
        try {
            return Optional.ofNullable(lookup.get());
        } catch (CommandApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Percent-encodes one path segment. */
    static String segment(String value) {
        return Query.percentEncode(value);
    }

    /** Percent-encodes what must be in a caller's path, keeping its slashes and existing escapes. */
    private static String encodePath(String path) {
        StringJoiner joined = new StringJoiner("/", "/", "");
        for (String part : path.substring(1).split("/", -1)) {
            joined.add(part.matches("[A-Za-z0-9._~%!$&'()*+,;=:@-]*") ? part : segment(part));
        }
        return joined.toString();
    }
}
