package io.jobhook.simulator.internal;

import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;

import jakarta.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the simulator in-process when PID {@code io.jobhook.simulator} has {@code enabled=true}: registers
 * its servlet on the servlet whiteboard for the base path, the OAuth token path and {@code /simulator/*}.
 * The servlet is registered by hand rather than as the component's service because its patterns follow
 * the configured base path. A thin shell: everything else is {@link CommandSimulator}.
 */
@Component(service = {}, immediate = true, configurationPid = "io.jobhook.simulator",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SimulatorConfig.class)
@RequireHttpWhiteboard
public final class SimulatorComponent {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorComponent.class);

    private final CommandSimulator simulator;
    private final ServiceRegistration<Servlet> registration;

    @Activate
    public SimulatorComponent(SimulatorConfig config, BundleContext context) {
        if (!config.enabled()) {
            LOG.debug("Command simulator not enabled (io.jobhook.simulator enabled=false)");
            simulator = null;
            registration = null;
            return;
        }
        SimulatorSettings settings;
        try {
            settings = SimulatorSettings.fromConfiguration(config.seed(), config.jobIntervalSeconds(),
                    config.basePath(), config.auth(), config._users(), config._clients(), config.tokenTtlSeconds(),
                    config.pushUrl(), config._pushToken(), config.faults());
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration io.jobhook.simulator refused: {}", e.getMessage());
            throw e;
        }
        simulator = new CommandSimulator(settings, Clock.systemUTC());
        Dictionary<String, Object> props = new Hashtable<>();
        String base = settings.basePath();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN,
                new String[] {base, base + "/*", CommandSimulator.TOKEN_PATH, "/simulator/*"});
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "io.jobhook.simulator");
        registration = context.registerService(Servlet.class, new SimulatorServlet(simulator), props);
        LOG.info("Command simulator serving {} (seed {})", base, settings.seed());
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("Simulator servlet already unregistered");
            }
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
