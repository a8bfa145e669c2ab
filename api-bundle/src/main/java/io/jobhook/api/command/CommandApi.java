package io.jobhook.api.command;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Keyfactor Command's REST API ({@code https://<host>/KeyfactorAPI}), typed, as an OSGi service.
 *
 * <p>It stands where Keyfactor hands its handlers an {@code HttpClient}: authentication (Basic,
 * OAuth 2.0 client credentials, bearer), Command's required headers, paging, query encoding, retries
 * of idempotent requests and decoding of Command's real answers are done here. Every operation is
 * synchronous and thread-safe; a handler calls it from its own thread.
 *
 * <p>Failures are {@link CommandApiException}s carrying the HTTP status, Keyfactor's {@code ErrorCode}
 * and {@code Message}, the method and the path, never credentials. Lookups by id answer
 * {@link Optional#empty()} for an id Command does not know (404) instead of throwing.
 *
 * <p>Paged lists take a {@link PagedQuery} and return one page; Command gives no total count, so a
 * caller reads pages until one is shorter than its {@link PagedQuery#returnLimit() returnLimit}.
 */
@ProviderType
public interface CommandApi {

    /**
     * @return the API's base URL, e.g. {@code https://command.kftrain.lab/KeyfactorAPI/} (Keyfactor's
     *         sample traces it as {@code Client : <base URL>})
     */
    URI baseUri();

    /**
     * Command's version, from the {@code X-Keyfactor-Product-Version} header of its answers (probing
     * {@code GET /Status/Endpoints} when no answer has been seen yet).
     *
     * @return e.g. {@code 11.2.0.0}
     */
    String productVersion();

    /**
     * {@code GET /CertificateStoreTypes/Name/{shortName}}.
     *
     * @param shortName e.g. {@code WinCert}; Command ignores its case
     * @return the store type, with its job-type GUIDs, or empty when Command has none by that name
     */
    Optional<CertificateStoreType> storeTypeByName(String shortName);

    /**
     * {@code GET /CertificateStoreTypes}, every page.
     *
     * @return every store type defined in this Command instance
     */
    List<CertificateStoreType> storeTypes();

    /**
     * {@code GET /OrchestratorJobs/JobHistory}: one page of job history. Query fields Command documents:
     * {@code AgentId}, {@code Agent}, {@code JobId}, {@code Result} (number), {@code Status} (number),
     * {@code JobType}, {@code Message}, {@code OperationStart}, {@code ScheduleType}, {@code TargetPath}.
     * Running jobs are listed too.
     */
    List<JobHistoryEntry> jobHistory(PagedQuery query);

    /** {@code GET /OrchestratorJobs/ScheduledJobs}: one page of scheduled jobs. */
    List<ScheduledJob> scheduledJobs(PagedQuery query);

    /**
     * {@code POST /OrchestratorJobs/Custom}: schedules a custom orchestrator job.
     *
     * @return what Command scheduled, with the new job's id
     */
    ScheduledCustomJob scheduleCustomJob(CustomJobRequest request);

    /**
     * {@code GET /OrchestratorJobs/JobStatus/Data?jobHistoryId=}: the data a custom job returned.
     *
     * @return the data, or empty when Command knows no such job history row
     */
    Optional<JobStatusData> jobStatusData(long jobHistoryId);

    /** {@code GET /JobTypes/Custom}, every page: the custom orchestrator job types. */
    List<CustomJobType> customJobTypes();

    /** {@code GET /Agents}: one page of orchestrators. */
    List<Agent> agents(PagedQuery query);

    /**
     * {@code GET /Agents/{id}}.
     *
     * @return the orchestrator, or empty when Command knows none by that id
     */
    Optional<Agent> agent(UUID agentId);

    /**
     * {@code GET /Certificates/{id}} with its locations and metadata.
     *
     * @return the certificate, or empty when Command knows none by that id
     */
    Optional<Certificate> certificate(int certificateId);

    /**
     * {@code GET /CertificateStores/{id}}.
     *
     * @return the store, or empty when Command knows none by that id
     */
    Optional<CertificateStore> certificateStore(UUID storeId);

    /** {@code POST /OrchestratorJobs/Acknowledge}: acknowledges the selected job history rows. */
    void acknowledgeJobs(JobAuditSelection selection);

    /** {@code POST /OrchestratorJobs/Reschedule}: reschedules the selected failed jobs. */
    void rescheduleJobs(JobAuditSelection selection);

    /**
     * Any other endpoint, with the same authentication, headers, retries and errors.
     *
     * @return the answer, for a 2xx status
     * @throws CommandApiException for any other status, or when Command cannot be reached
     */
    CommandResponse send(CommandRequest request);
}
