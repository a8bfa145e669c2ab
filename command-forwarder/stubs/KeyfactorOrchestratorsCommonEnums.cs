// Stand-in for Keyfactor's package Keyfactor.Orchestrators.Common (namespace Keyfactor.Orchestrators.Common.Enums),
// so the forwarder compiles and runs here without Keyfactor's NuGet feed: the public names and values Keyfactor's
// SDK documentation and sample show. Never shipped.
namespace Keyfactor.Orchestrators.Common.Enums
{
    /// <summary>The orchestrator's result for a job. 1 (in process) has no documented name.</summary>
    public enum OrchestratorJobStatusJobResult
    {
        Unknown = 0,
        Success = 2,
        Warning = 3,
        Failure = 4
    }

    /// <summary>A job's operation; inventory reports Unknown.</summary>
    public enum CertStoreOperationType
    {
        Unknown = 0,
        Inventory = 1,
        Add = 2,
        Remove = 3,
        Create = 4,
        CreateAdd = 5,
        Reenrollment = 6,
        Discovery = 7,
        SetPassword = 8,
        FetchLogs = 9
    }
}
