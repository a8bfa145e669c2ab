package io.jobhook.runtime.ingress.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the completion ingress, PID {@code io.jobhook.ingress} (runtime/ingress/README.md). The
 * tokens are a private property ({@code .tokens}): the component reads them, they never become service
 * properties, and they appear in no log line.
 */
@ObjectClassDefinition(name = "Jobhook completion ingress",
        description = "POST /jobhook/v1/completions: where Command (or a forwarder) pushes completed jobs")
@interface IngressConfig {

    @AttributeDefinition(name = "Enabled", description = "Off: no servlet is registered, pushes get 404")
    boolean enabled() default true;

    @AttributeDefinition(name = "Push tokens", description = "Bearer tokens a push must present, one per entry "
            + "or comma-separated; none: every push is refused (401)", type = AttributeType.PASSWORD,
            required = false)
    String[] _tokens() default {};

    @AttributeDefinition(name = "Client certificate subjects", description = "Distinguished names of the client "
            + "certificates a push may come with over HTTPS (org.apache.felix.https.clientcertificate = wants, and a "
            + "truststore), e.g. CN=command.example.com,O=Example; when set, a push without one of them is refused (401). "
            + "With push tokens too, a push needs both; without, the certificate alone", required = false)
    String[] clientSubjects() default {};

    @AttributeDefinition(name = "Maximum body (bytes)", description = "Longer bodies are refused (413); 1 to 16777216")
    int maxBodyBytes() default IngressSettings.DEFAULT_MAX_BODY_BYTES;

    @AttributeDefinition(name = "Idempotency TTL (s)",
            description = "How long an Idempotency-Key is remembered, so that a resend is not delivered again")
    long idempotencyTtlSeconds() default IngressSettings.DEFAULT_IDEMPOTENCY_TTL_SECONDS;
}
