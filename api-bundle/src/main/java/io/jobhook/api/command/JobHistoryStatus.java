package io.jobhook.api.command;

import io.jobhook.api.KeyfactorEnum;

/**
 * The state of a job history row ({@code Status}), with Keyfactor's numbers. JobHistory answers it as
 * a name ({@code "Completed"}) and queries compare it as a number ({@code Status -eq "3"}).
 */
public enum JobHistoryStatus implements KeyfactorEnum {
    /** 0. */
    UNKNOWN(0, "Unknown"),
    /** 1: scheduled, not yet picked up by the orchestrator. */
    WAITING(1, "Waiting"),
    /** 2: running; {@code OperationEnd} is null. */
    IN_PROCESS(2, "InProcess"),
    /** 3: completed with a result. */
    COMPLETED(3, "Completed"),
    /** 4: completed and acknowledged by an operator. */
    ACKNOWLEDGED(4, "Acknowledged"),
    /** 5: failed, and Command will retry it. */
    COMPLETED_WILL_RETRY(5, "CompletedWillRetry");

    private final int code;
    private final String keyfactorName;

    JobHistoryStatus(int code, String keyfactorName) {
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

    /** @return whether the job has finished ({@link #COMPLETED}, {@link #ACKNOWLEDGED}, {@link #COMPLETED_WILL_RETRY}) */
    public boolean isFinished() {
        return this == COMPLETED || this == ACKNOWLEDGED || this == COMPLETED_WILL_RETRY;
    }

    /**
     * Parses Keyfactor's name (any case) or number.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static JobHistoryStatus parse(String value) {
        return KeyfactorEnum.parse(JobHistoryStatus.class, value);
    }

    @Override
    public String toString() {
        return keyfactorName;
    }
}
