package io.jobhook.runtime.admin.internal;

import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.command.CommandApi;
import io.jobhook.runtime.spi.BearerTokens;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.DeliveryControl;
import io.jobhook.runtime.spi.Journal;
import io.jobhook.runtime.spi.PollerStatusSource;

/**
 * The operator tools in OSGi: the admin API servlet on {@code /jobhook/v1/*} (the ingress's exact path
 * {@code /jobhook/v1/completions} wins over it) and the Gogo commands of scope {@code jobhook}, both over one
 * {@link Operations}. Configuration PID {@code io.jobhook.admin}; the tokens are private.
 */
@Component(service = {}, immediate = true, configurationPid = "io.jobhook.admin",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AdminConfig.class)
@RequireHttpWhiteboard
public final class AdminComponent {

    private static final Logger LOG = LoggerFactory.getLogger(AdminComponent.class);

    private final AtomicReference<CommandApi> client = new AtomicReference<>();
    private final AtomicReference<PollerStatusSource> poller = new AtomicReference<>();
    private final ServiceRegistration<Servlet> servlet;
    private final ServiceRegistration<JobhookCommands> commands;

    @Activate
    public AdminComponent(AdminConfig config, BundleContext context, @Reference(name = "journal") Journal journal,
            @Reference(name = "control") DeliveryControl control, @Reference(name = "intake") CompletionIntake intake) {
        Operations operations = new Operations(journal, control, intake, client::get, () -> {
            PollerStatusSource p = poller.get();
            return p == null ? null : p.status();
        }, Clock.systemUTC());
        BearerTokens tokens = BearerTokens.of(config._tokens());

        Dictionary<String, Object> servletProps = new Hashtable<>();
        servletProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, AdminHttp.PREFIX + "/*");
        servletProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "io.jobhook.admin");
        servletProps.put(Constants.SERVICE_DESCRIPTION, "Jobhook admin API");
        this.servlet = context.registerService(Servlet.class, new AdminServlet(new AdminHttp(operations, tokens)),
                servletProps);

        Dictionary<String, Object> commandProps = new Hashtable<>();
        commandProps.put("osgi.command.scope", "jobhook");
        commandProps.put("osgi.command.function", JobhookCommands.FUNCTIONS);
        commandProps.put(Constants.SERVICE_DESCRIPTION, "Jobhook operator commands");
        this.commands = context.registerService(JobhookCommands.class, new JobhookCommands(operations), commandProps);
        LOG.info("Operator tools: admin API on {}/ with {} admin token(s), Gogo commands jobhook:{}", AdminHttp.PREFIX,
                tokens.count(), String.join("|", JobhookCommands.FUNCTIONS));
    }

    @Reference(name = "commandApi", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCommandApi(CommandApi api) {
        client.set(api);
    }

    void unbindCommandApi(CommandApi api) {
        client.compareAndSet(api, null);
    }

    @Reference(name = "poller", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPoller(PollerStatusSource source) {
        poller.set(source);
    }

    void unbindPoller(PollerStatusSource source) {
        poller.compareAndSet(source, null);
    }

    @Deactivate
    void deactivate() {
        servlet.unregister();
        commands.unregister();
    }
}
