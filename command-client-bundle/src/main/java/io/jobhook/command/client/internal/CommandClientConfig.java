package io.jobhook.command.client.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the Command API client, PID {@code io.jobhook.command}. Secrets are private
 * properties (a leading {@code .}): the component reads them, they never become service properties.
 */
@ObjectClassDefinition(name = "Jobhook Command API client",
        description = "How Jobhook and its handlers reach Keyfactor Command's REST API")
@interface CommandClientConfig {

    @AttributeDefinition(name = "URL", description = "The API's base URL, e.g. https://command.example.com/KeyfactorAPI")
    String url() default "";

    @AttributeDefinition(name = "Authentication", options = {
        @Option(value = "basic", label = "Basic (DOMAIN\\user and password)"),
        @Option(value = "oauth", label = "OAuth 2.0 client credentials"),
        @Option(value = "bearer", label = "A ready bearer token"),
        @Option(value = "none", label = "None")})
    String auth() default "basic";

    @AttributeDefinition(name = "Username", description = "DOMAIN\\user, for Basic", required = false)
    String username() default "";

    @AttributeDefinition(name = "Password", description = "For Basic", type = AttributeType.PASSWORD, required = false)
    String _password() default "";

    @AttributeDefinition(name = "Token URL", description = "OAuth token endpoint, e.g. "
            + "https://idp.example.com:1443/realms/Keyfactor/protocol/openid-connect/token", required = false)
    String tokenUrl() default "";

    @AttributeDefinition(name = "Client id", description = "OAuth client id", required = false)
    String clientId() default "";

    @AttributeDefinition(name = "Client secret", type = AttributeType.PASSWORD, required = false)
    String _clientSecret() default "";

    @AttributeDefinition(name = "Scope", description = "OAuth scope, if the identity provider wants one", required = false)
    String scope() default "";

    @AttributeDefinition(name = "Audience", description = "OAuth audience, if the identity provider wants one", required = false)
    String audience() default "";

    @AttributeDefinition(name = "Bearer token", type = AttributeType.PASSWORD, required = false)
    String _bearerToken() default "";

    @AttributeDefinition(name = "Connect timeout (ms)")
    long connectTimeout() default 5000;

    @AttributeDefinition(name = "Request timeout (ms)",
            description = "The most one API call may take, its retries and their waits included")
    long requestTimeout() default 30000;

    @AttributeDefinition(name = "Maximum attempts", description = "Per call; failed calls are retried only where "
            + "that is safe (reads and acknowledgements always, a job schedule only when Command refused it unseen)")
    int maxAttempts() default 4;

    @AttributeDefinition(name = "First backoff (ms)", description = "The wait after a call's first failed attempt; "
            + "it doubles after each further one, with jitter, up to the longest backoff, unless Command asks "
            + "for another wait with Retry-After")
    long backoffInitial() default RetryPolicy.DEFAULT_INITIAL_MS;

    @AttributeDefinition(name = "Longest backoff (ms)", description = "The longest wait between two attempts of a call")
    long backoffMax() default RetryPolicy.DEFAULT_MAX_MS;

    @AttributeDefinition(name = "Truststore", description = "PKCS#12 or JKS file of a private CA; empty = the JDK's",
            required = false)
    String truststore() default "";

    @AttributeDefinition(name = "Truststore password", type = AttributeType.PASSWORD, required = false)
    String _truststorePassword() default "";

    @AttributeDefinition(name = "API version", description = "Sent as x-keyfactor-api-version")
    String apiVersion() default "1";
}
