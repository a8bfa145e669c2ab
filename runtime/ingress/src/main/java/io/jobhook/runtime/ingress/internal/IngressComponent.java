package io.jobhook.runtime.ingress.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import jakarta.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.runtime.spi.CompletionIntake;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The completion ingress, configured by PID {@code io.jobhook.ingress}: registers an
 * {@link IngressServlet} for {@code /jobhook/v1/completions} on the servlet whiteboard, or no servlet when
 * {@code enabled=false} (then one INFO line says so and pushes get the server's 404); in both cases the
 * {@link ErrorPageServlet}, so that the server's own error answers are problem documents too.
 *
 * <p>The servlet is registered by hand rather than as the component's own service so that a disabled
 * ingress is a normal, active component that publishes nothing (throwing from the constructor would make
 * SCR log an ERROR with a stack trace for a deliberate setting). A configuration change re-activates it;
 * losing the {@link CompletionIntake} deactivates it, which unregisters the servlet.
 */
@Component(service = {}, immediate = true, configurationPid = IngressSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = IngressConfig.class)
@RequireHttpWhiteboard
public final class IngressComponent {

    private static final Logger LOG = LoggerFactory.getLogger(IngressComponent.class);

    /** The servlet's whiteboard name. */
    static final String SERVLET_NAME = "io.jobhook.ingress";

    private final ServiceRegistration<Servlet> registration;
    private final ServiceRegistration<Servlet> errorPages;
    private final IngressMetrics metrics;

    /**
     * @param config the configuration
     * @param context where the servlet is registered
     * @param intake where accepted completions go (static, mandatory)
     * @throws IllegalArgumentException for a configuration that cannot work, after one ERROR line naming
     *         each key at fault
     */
    @Activate
    public IngressComponent(IngressConfig config, BundleContext context,
            @Reference(name = "intake") CompletionIntake intake) {
        IngressSettings settings;
        try {
            settings = IngressSettings.of(config.enabled(), config._tokens(), config.clientSubjects(),
                    config.maxBodyBytes(), config.idempotencyTtlSeconds());
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        Dictionary<String, Object> errorProps = new Hashtable<>();
        errorProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ERROR_PAGE, new String[] {"4xx", "5xx"});
        errorProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/");
        errorProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "io.jobhook.error-pages");
        errorProps.put(Constants.SERVICE_DESCRIPTION, "Jobhook's error answers as application/problem+json");
        errorPages = context.registerService(Servlet.class, new ErrorPageServlet(), errorProps);
        if (!settings.enabled()) {
            LOG.info("Completion ingress disabled ({} enabled=false): {} is not served", IngressSettings.PID,
                    IngressSettings.PATH);
            registration = null;
            metrics = null;
            return;
        }
        metrics = new IngressMetrics(PrometheusRegistry.defaultRegistry);
        IngressServlet servlet = new IngressServlet(new IngressHandler(settings, intake, new CompletionDecoder(),
                metrics));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, IngressSettings.PATH);
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, SERVLET_NAME);
        props.put(Constants.SERVICE_DESCRIPTION, "Jobhook completion ingress");
        registration = context.registerService(Servlet.class, servlet, props);
        if (settings.tokens().count() == 0 && settings.clientSubjects().isEmpty()) {
            LOG.info("Completion ingress serving POST {} with no push token: every push is refused (401) until "
                    + "{} has .tokens or clientSubjects ({})", IngressSettings.PATH, IngressSettings.PID, settings);
        } else {
            LOG.info("Completion ingress serving POST {} with {} push token(s) and {} client certificate subject(s) ({})",
                    IngressSettings.PATH, settings.tokens().count(), settings.clientSubjects().size(), settings);
        }
    }

    @Deactivate
    void deactivate() {
        if (metrics != null) {
            metrics.close();
        }
        try {
            if (errorPages != null) {
                errorPages.unregister();
            }
        } catch (IllegalStateException e) {
            LOG.debug("Error pages already unregistered");
        }
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("Ingress servlet already unregistered");
            }
        }
    }
}
