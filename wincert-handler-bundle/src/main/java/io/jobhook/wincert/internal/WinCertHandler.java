package io.jobhook.wincert.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.propertytypes.ServiceDescription;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.OrchestratorJobCompleteHandler;
import io.jobhook.api.OrchestratorJobCompleteHandlerContext;

/**
 * The WinCert reference handler: one instance per factory configuration {@code io.jobhook.wincert~<name>};
 * none without one. A configuration that cannot work is refused with one ERROR line naming the PID, the
 * key and the value, and no handler is registered.
 */
@Component(service = OrchestratorJobCompleteHandler.class, configurationPid = WinCertSettings.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WinCertHandlerConfig.class, factory = true)
@ServiceDescription("Jobhook WinCert reference job completion handler")
public final class WinCertHandler implements OrchestratorJobCompleteHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WinCertHandler.class);

    private final WinCertRun run;

    @Activate
    public WinCertHandler(WinCertHandlerConfig config, Map<String, Object> properties) {
        this(settings(config, (String) properties.get("service.pid")));
    }

    WinCertHandler(WinCertSettings settings) {
        this.run = new WinCertRun(settings, new StoreTypeKinds());
    }

    private static WinCertSettings settings(WinCertHandlerConfig config, String pid) {
        try {
            return WinCertSettings.of(pid, config);
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
    }

    @Override
    public boolean runHandler(OrchestratorJobCompleteHandlerContext context) {
        return run.execute(context);
    }
}
