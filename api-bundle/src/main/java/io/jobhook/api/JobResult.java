package io.jobhook.api;

/**
 * The result an orchestrator reported for a job: Keyfactor's {@code OrchestratorJobStatusJobResult}
 * (context field {@code JobResult}), with Keyfactor's numbers.
 *
 * <p>Handlers are called for every result, failures included; a handler that only cares about
 * failures checks {@code context.jobResult() == JobResult.FAILURE} itself. Command's job history shows
 * {@code Unknown} for a job still running.
 */
public enum JobResult implements KeyfactorEnum {
    /** 0: no result known. */
    UNKNOWN(0, "Unknown"),
    /** 1: still running; unnamed in Keyfactor's documentation, {@code InProcess} here. */
    IN_PROCESS(1, "InProcess"),
    /** 2: the job succeeded. */
    SUCCESS(2, "Success"),
    /** 3: the job completed with warnings. */
    WARNING(3, "Warning"),
    /** 4: the job failed; Command may retry it (see {@code currentRetryCount}). */
    FAILURE(4, "Failure");

    private final int code;
    private final String keyfactorName;

    JobResult(int code, String keyfactorName) {
        this.code = code;
        this.keyfactorName = keyfactorName;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String keyfactorName() {
        return keyfactorName;
    }

    /**
     * Parses Keyfactor's name (any case) or number.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static JobResult parse(String value) {
        return KeyfactorEnum.parse(JobResult.class, value);
    }

    /**
     * @throws IllegalArgumentException for a number Keyfactor does not define
     */
    public static JobResult fromCode(int code) {
        return KeyfactorEnum.fromCode(JobResult.class, code);
    }

    /** @return Keyfactor's name, as the sample's trace prints it */
    @Override
    public String toString() {
        return keyfactorName;
    }
}
