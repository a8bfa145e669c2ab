package io.jobhook.runtime.admin.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import javax.management.JMException;
import javax.management.MBeanServer;

import jakarta.servlet.Servlet;

import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.Bundle;
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
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.command.CommandApi;
import io.jobhook.runtime.http.BearerTokens;
import io.jobhook.runtime.spi.CompletionIntake;
import io.jobhook.runtime.spi.DeliveryControl;
import io.jobhook.runtime.spi.EventHistory;
import io.jobhook.runtime.spi.JournalHealth;
import io.jobhook.runtime.admin.OperatorConsole;
import io.jobhook.runtime.spi.JournalBackup;
import io.jobhook.runtime.spi.PollerStatusSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The operator tools in OSGi: the admin API servlet on {@code /jobhook/v1/*} (the ingress's exact path
 * {@code /jobhook/v1/completions} wins over it) and the Gogo commands of scope {@code jobhook}, both over one
 * {@link Operations} and one {@link ManifestImport} (which finds handlers' attributes through the
 * MetaTypeService and writes into FileInstall's folder, {@code felix.fileinstall.dir}). Configuration PID
 * {@code io.jobhook.admin}; the tokens are private.
 */
@Component(service = {}, immediate = true, configurationPid = "io.jobhook.admin",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AdminConfig.class)
@RequireHttpWhiteboard
public final class AdminComponent {

    private static final Logger LOG = LoggerFactory.getLogger(AdminComponent.class);

    private final AtomicReference<CommandApi> client = new AtomicReference<>();
    private final AtomicReference<PollerStatusSource> poller = new AtomicReference<>();
    private final AtomicReference<JournalBackup> backup = new AtomicReference<>();
    private final AtomicReference<MetaTypeService> metatype = new AtomicReference<>();
    private final BundleContext context;
    private final AdminServlet adminServlet;
    private final MetricsExposition metrics;
    private final Operations operations;
    private final JobhookCommands jobhookCommands;
    private final int tokenCount;
    private ServiceRegistration<Servlet> servlet;
    private ServiceRegistration<Servlet> page;
    private ServiceRegistration<?> commands;
    /** Null without a Gogo shell in the framework. */
    private ServiceRegistration<?> importCommand;
    /** Null without a Gogo shell in the framework. */
    private ServiceRegistration<?> forwarderCommand;
    /** Asks Command for the health checks, one call at a time, off their threads. */
    private final ExecutorService probes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jobhook-health-probe");
        t.setDaemon(true);
        return t;
    });

    private boolean mbean;
    private ServiceRegistration<OperatorConsole> console;
    private List<ServiceRegistration<?>> healthChecks = List.of();

    /** Builds the tools; {@link #activate} offers them, once DS has bound the dynamic references too. */
    @Activate
    public AdminComponent(AdminConfig config, BundleContext context, @Reference(name = "journal") EventHistory journal,
            @Reference(name = "journalHealth") JournalHealth journalHealth,
            @Reference(name = "control") DeliveryControl control, @Reference(name = "intake") CompletionIntake intake) {
        this.context = context;
        this.operations = new Operations(journal, journalHealth, control, intake, client::get, () -> {
            PollerStatusSource p = poller.get();
            return p == null ? null : p.status();
        }, Clock.systemUTC(), probes, lagWarning(config), backup::get);
        BearerTokens tokens;
        try {
            tokens = BearerTokens.of(config._tokens());
        } catch (IllegalArgumentException e) {
            String refused = "Configuration io.jobhook.admin refused: key '.tokens': " + e.getMessage();
            LOG.error(refused);
            throw new IllegalArgumentException(refused, e);
        }
        this.tokenCount = tokens.count();
        String folder = context.getProperty("felix.fileinstall.dir");
        ManifestImport manifests = new ManifestImport(this::factoryMetatype, folder == null ? null : Path.of(folder));
        this.metrics = new MetricsExposition(PrometheusRegistry.defaultRegistry);
        this.adminServlet = new AdminServlet(new AdminHttp(operations, manifests, tokens, metrics, config.metricsOpen()));
        this.jobhookCommands = new JobhookCommands(operations, manifests);
    }

    /**
     * Registers the servlet, the health checks, the console and the commands: after the bind methods ran, so that the
     * first request already sees the MetaTypeService, the Command API and the poller.
     */
    @Activate
    void activate() {
        Dictionary<String, Object> servletProps = new Hashtable<>();
        servletProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, AdminHttp.PREFIX + "/*");
        servletProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "io.jobhook.admin");
        servletProps.put(Constants.SERVICE_DESCRIPTION, "Jobhook admin API");
        this.servlet = context.registerService(Servlet.class, adminServlet, servletProps);
        Dictionary<String, Object> pageProps = new Hashtable<>();
        pageProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN,
                new String[] {OperatorPageServlet.PATH, OperatorPageServlet.PATH + "/*"});
        pageProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "io.jobhook.operator-page");
        pageProps.put(Constants.SERVICE_DESCRIPTION, "Jobhook operator's page");
        this.page = context.registerService(Servlet.class, new OperatorPageServlet(), pageProps);
        this.mbean = registerMBean(metrics);
        this.healthChecks = registerHealthChecks(context, operations.checks());

        Dictionary<String, Object> consoleProps = new Hashtable<>();
        consoleProps.put(Constants.SERVICE_DESCRIPTION, "Jobhook operator commands' answers, for a shell's commands");
        this.console = context.registerService(OperatorConsole.class, jobhookCommands, consoleProps);
        // In Karaf, its own commands (bundle io.jobhook.runtime.karaf.commands, with Karaf's help) call the console.
        boolean karaf = context.getProperty("karaf.name") != null;
        this.commands = karaf ? null : shellCommands(context, jobhookCommands);
        this.importCommand = commands == null ? null : DashedCommand.importManifest(jobhookCommands).register(context);
        this.forwarderCommand = commands == null ? null
                : DashedCommand.forwarderManifest(jobhookCommands).register(context);
        LOG.info("Operator tools: admin API on {}/ with {} admin token(s){}", AdminHttp.PREFIX, tokenCount,
                commands == null ? "" : ", Gogo commands jobhook:" + String.join("|", ShellCommands.FUNCTIONS) + "|"
                        + DashedCommand.IMPORT_MANIFEST + "|" + DashedCommand.FORWARDER_MANIFEST);
    }

    private static Duration lagWarning(AdminConfig config) {
        if (config.pollerLagWarningSeconds() < 1) {
            String refused = "Configuration io.jobhook.admin refused: key 'pollerLagWarningSeconds' must be at least 1, was "
                    + config.pollerLagWarningSeconds();
            LOG.error(refused);
            throw new IllegalArgumentException(refused);
        }
        return Duration.ofSeconds(config.pollerLagWarningSeconds());
    }

    /**
     * Each check as a Felix Health Checks service ({@code hc:exec jobhook}, {@code hc:exec poller}), with an MBean
     * name for Felix's JMX view of health checks. By hand, not as DS components: they share this component's
     * references and come and go with it.
     */
    private static List<ServiceRegistration<?>> registerHealthChecks(BundleContext context, HealthChecks checks) {
        List<ServiceRegistration<?>> registered = new ArrayList<>();
        for (HealthChecks.Check check : HealthChecks.Check.values()) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(HealthCheck.NAME, check.title);
            props.put(HealthCheck.TAGS, check.tags().toArray(new String[0]));
            props.put(HealthCheck.MBEAN_NAME, check.title);
            props.put(Constants.SERVICE_DESCRIPTION, "Jobhook health check: " + check.title);
            registered.add(context.registerService(HealthCheck.class, checks.service(check), props));
        }
        return registered;
    }

    /** @return whether the metrics MBean was registered (one per process; a leftover of an earlier activation goes) */
    private static boolean registerMBean(MetricsExposition metrics) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(MetricsMBean.NAME)) {
                server.unregisterMBean(MetricsMBean.NAME);
            }
            server.registerMBean(new MetricsMBean(metrics), MetricsMBean.NAME);
            return true;
        } catch (JMException | RuntimeException e) {
            LOG.warn("Metrics MBean {} not registered: {}; GET {}/metrics serves them", MetricsMBean.NAME, e.toString(),
                    AdminHttp.PREFIX);
            return false;
        }
    }

    /** The console's commands, where the framework has a shell; null where it has none (the admin API serves). */
    private static ServiceRegistration<?> shellCommands(BundleContext context, JobhookCommands commands) {
        try {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("osgi.command.scope", "jobhook");
            props.put("osgi.command.function", ShellCommands.FUNCTIONS);
            props.put(Constants.SERVICE_DESCRIPTION, "Jobhook operator commands");
            return context.registerService(ShellCommands.class.getName(), new ShellCommands(commands), props);
        } catch (NoClassDefFoundError noGogo) {
            LOG.info("No Gogo shell API (org.apache.felix.service.command) in the framework: no jobhook:* commands on a "
                    + "console; the admin API under {}/ serves the same", AdminHttp.PREFIX);
            return null;
        }
    }

    /**
     * The factory PID's metatype from the bundle whose MetaTypeInformation lists it. Cardinality does not
     * matter: .cfg values are strings, a multi-valued attribute takes Keyfactor's comma-separated text as is.
     */
    private Optional<ManifestImport.FactoryMetatype> factoryMetatype(String factoryPid) {
        MetaTypeService service = metatype.get();
        if (service == null) {
            throw new IllegalStateException("No MetaTypeService in the runtime (bundle org.apache.felix.metatype): "
                    + "handlers' attributes cannot be looked up");
        }
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            MetaTypeInformation info = service.getMetaTypeInformation(bundle);
            String[] factoryPids = info == null ? null : info.getFactoryPids();
            if (factoryPids == null || !Arrays.asList(factoryPids).contains(factoryPid)) {
                continue;
            }
            ObjectClassDefinition ocd = info.getObjectClassDefinition(factoryPid, null);
            AttributeDefinition[] ads = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            List<String> ids = new ArrayList<>();
            if (ads != null) {
                Arrays.stream(ads).map(AttributeDefinition::getID).forEach(ids::add);
            }
            return Optional.of(new ManifestImport.FactoryMetatype(factoryPid,
                    bundle.getSymbolicName() + " " + bundle.getVersion(), ids));
        }
        return Optional.empty();
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

    @Reference(name = "backup", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBackup(JournalBackup service) {
        backup.set(service);
    }

    void unbindBackup(JournalBackup service) {
        backup.compareAndSet(service, null);
    }

    @Reference(name = "metatype", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetaType(MetaTypeService service) {
        metatype.set(service);
    }

    void unbindMetaType(MetaTypeService service) {
        metatype.compareAndSet(service, null);
    }

    @Deactivate
    void deactivate() {
        if (servlet != null) {
            servlet.unregister();
        }
        if (page != null) {
            page.unregister();
        }
        healthChecks.forEach(ServiceRegistration::unregister);
        if (console != null) {
            console.unregister();
        }
        if (mbean) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(MetricsMBean.NAME);
            } catch (JMException e) {
                LOG.debug("Metrics MBean already unregistered: {}", e.toString());
            }
        }
        if (commands != null) {
            commands.unregister();
        }
        if (importCommand != null) {
            importCommand.unregister();
        }
        if (forwarderCommand != null) {
            forwarderCommand.unregister();
        }
        probes.shutdownNow();
    }
}
