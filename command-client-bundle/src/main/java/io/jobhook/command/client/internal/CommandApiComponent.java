package io.jobhook.command.client.internal;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.propertytypes.ServiceDescription;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.command.Agent;
import io.jobhook.api.command.Certificate;
import io.jobhook.api.command.CertificateStore;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandRequest;
import io.jobhook.api.command.CommandResponse;
import io.jobhook.api.command.CustomJobRequest;
import io.jobhook.api.command.CustomJobType;
import io.jobhook.api.command.JobAuditSelection;
import io.jobhook.api.command.JobHistoryEntry;
import io.jobhook.api.command.JobStatusData;
import io.jobhook.api.command.PagedQuery;
import io.jobhook.api.command.ScheduledCustomJob;
import io.jobhook.api.command.ScheduledJob;

/**
 * The {@link CommandApi} service, configured by PID {@code io.jobhook.command}. A thin shell over
 * {@link HttpCommandApi}: a configuration change re-activates it with a fresh client (in-flight calls
 * finish on the old one); a configuration that cannot work is refused with one line naming the keys,
 * and no service is registered.
 */
@Component(service = CommandApi.class, configurationPid = ClientSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CommandClientConfig.class)
@ServiceDescription("Jobhook Keyfactor Command API client")
public final class CommandApiComponent implements CommandApi {

    private static final Logger LOG = LoggerFactory.getLogger(CommandApiComponent.class);

    private final HttpCommandApi delegate;

    @Activate
    public CommandApiComponent(CommandClientConfig config) {
        ClientSettings settings;
        try {
            settings = ClientSettings.from(config);
            this.delegate = HttpCommandApi.create(settings, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        LOG.info("Command API client ready: {}", settings);
    }

    @Override
    public URI baseUri() {
        return delegate.baseUri();
    }

    @Override
    public String productVersion() {
        return delegate.productVersion();
    }

    @Override
    public Optional<CertificateStoreType> storeTypeByName(String shortName) {
        return delegate.storeTypeByName(shortName);
    }

    @Override
    public List<CertificateStoreType> storeTypes() {
        return delegate.storeTypes();
    }

    @Override
    public List<JobHistoryEntry> jobHistory(PagedQuery query) {
        return delegate.jobHistory(query);
    }

    @Override
    public List<ScheduledJob> scheduledJobs(PagedQuery query) {
        return delegate.scheduledJobs(query);
    }

    @Override
    public ScheduledCustomJob scheduleCustomJob(CustomJobRequest request) {
        return delegate.scheduleCustomJob(request);
    }

    @Override
    public Optional<JobStatusData> jobStatusData(long jobHistoryId) {
        return delegate.jobStatusData(jobHistoryId);
    }

    @Override
    public List<CustomJobType> customJobTypes() {
        return delegate.customJobTypes();
    }

    @Override
    public List<Agent> agents(PagedQuery query) {
        return delegate.agents(query);
    }

    @Override
    public Optional<Agent> agent(UUID agentId) {
        return delegate.agent(agentId);
    }

    @Override
    public Optional<Certificate> certificate(int certificateId) {
        return delegate.certificate(certificateId);
    }

    @Override
    public Optional<CertificateStore> certificateStore(UUID storeId) {
        return delegate.certificateStore(storeId);
    }

    @Override
    public void acknowledgeJobs(JobAuditSelection selection) {
        delegate.acknowledgeJobs(selection);
    }

    @Override
    public void rescheduleJobs(JobAuditSelection selection) {
        delegate.rescheduleJobs(selection);
    }

    @Override
    public CommandResponse send(CommandRequest request) {
        return delegate.send(request);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
