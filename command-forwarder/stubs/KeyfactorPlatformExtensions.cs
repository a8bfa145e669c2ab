// Stand-in for Keyfactor's package Keyfactor.Platform.IOrchestratorJobCompleteHandler: the handler interface and the
// context Command passes, with the properties the sample traces. Never shipped.
using System;
using System.Net.Http;
using Keyfactor.Orchestrators.Common.Enums;

namespace Keyfactor.Platform.Extensions
{
    /// <summary>What Command calls after an orchestrator job of one of <see cref="JobTypes"/> completes.</summary>
    public interface IOrchestratorJobCompleteHandler
    {
        /// <summary>Comma-separated job-type GUIDs.</summary>
        string JobTypes { get; }

        /// <summary>Synchronous, on Command's thread; the result is whether the handler succeeded.</summary>
        bool RunHandler(OrchestratorJobCompleteHandlerContext context);
    }

    /// <summary>The completed job, as Command describes it to handlers.</summary>
    public class OrchestratorJobCompleteHandlerContext
    {
        public Guid AgentId { get; set; }
        public string Username { get; set; }
        public string ClientMachine { get; set; }
        public OrchestratorJobStatusJobResult JobResult { get; set; }
        public Guid JobId { get; set; }
        public string JobType { get; set; }
        public Guid JobTypeId { get; set; }
        public CertStoreOperationType OperationType { get; set; }
        public int? CertificateId { get; set; }
        public DateTime? RequestTimestamp { get; set; }
        public int CurrentRetryCount { get; set; }
        public HttpClient Client { get; set; }
    }
}
