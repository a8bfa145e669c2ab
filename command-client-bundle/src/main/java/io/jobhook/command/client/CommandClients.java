package io.jobhook.command.client;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import io.jobhook.api.command.CommandApi;
import io.jobhook.command.client.internal.ClientFactory;

/**
 * Real {@link CommandApi} clients, built without a framework: the same implementation, defaults and
 * validation as the {@code CommandApi} service configured by PID {@code io.jobhook.command}. A client is
 * thread-safe and holds one JDK {@code HttpClient}; keep one per Command instance.
 *
 * <pre>{@code
 * CommandApi client = CommandClients.basic(URI.create("https://command.example.com/KeyfactorAPI"),
 *         "KFTRAIN\\svc", password);
 * Optional<CertificateStoreType> winCert = client.storeTypeByName("WinCert");
 * }</pre>
 */
public final class CommandClients {

    private CommandClients() {
    }

    /**
     * A client with HTTP Basic authentication and the contract's defaults for everything else (timeouts
     * 5 s to connect and 30 s per call, retries included; at most 4 attempts where retrying is safe; the
     * JDK's truststore; API version 1).
     *
     * @param baseUri the API's base URL, e.g. {@code https://command.example.com/KeyfactorAPI}
     * @param domainUser e.g. {@code KFTRAIN\\svc}
     * @param password the account's password
     * @return a client of {@code baseUri}
     * @throws IllegalArgumentException as {@link #fromConfiguration(Map)} for keys {@code url},
     *         {@code username} and {@code .password}: e.g. a URL that is not http(s) or carries credentials,
     *         a null argument
     */
    public static CommandApi basic(URI baseUri, String domainUser, String password) {
        Map<String, Object> configuration = new HashMap<>();   // nulls allowed: refused as missing keys
        configuration.put("url", baseUri == null ? null : baseUri.toString());
        configuration.put("auth", "basic");
        configuration.put("username", domainUser);
        configuration.put(".password", password);
        return fromConfiguration(configuration);
    }

    /**
     * A client configured by the keys of PID {@code io.jobhook.command}, as the service reads them from
     * {@code etc/io.jobhook.command.cfg}: {@code url} (required), {@code auth} ({@code basic} (default),
     * {@code oauth}, {@code bearer} or {@code none}), {@code username} and {@code .password} for Basic;
     * {@code tokenUrl}, {@code clientId}, {@code .clientSecret}, {@code scope} and {@code audience} for OAuth
     * 2.0 client credentials; {@code .bearerToken}; {@code connectTimeout} and {@code requestTimeout} in ms
     * (5000, 30000); {@code maxAttempts} (4); {@code backoffInitial} and {@code backoffMax}
     * in ms (200, 5000: the wait after a failed attempt, doubling, with jitter); {@code truststore} (a PKCS#12 or {@code .jks} file) and
     * {@code .truststorePassword}; {@code apiVersion} ({@code 1}). Numbers may be given as numbers or as
     * text, list values by their first element; absent keys take their defaults and unknown keys are
     * ignored, as for the service.
     *
     * @param configuration key to value; not kept
     * @return the client the service would be with this configuration
     * @throws IllegalArgumentException for a configuration the service would refuse, with the message the
     *         service logs then: {@code Configuration io.jobhook.command refused: } and every key at fault,
     *         with its value unless it is a secret (a number that is none is one more key at fault)
     */
    public static CommandApi fromConfiguration(Map<String, ?> configuration) {
        return ClientFactory.fromConfiguration(configuration);
    }
}
