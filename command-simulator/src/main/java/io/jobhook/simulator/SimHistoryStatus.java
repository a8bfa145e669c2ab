package io.jobhook.simulator;

/** A job history row's state ({@code Status}), with Keyfactor's numbers and names. */
public enum SimHistoryStatus implements CodedEnum {
    UNKNOWN(0, "Unknown"), WAITING(1, "Waiting"), IN_PROCESS(2, "InProcess"), COMPLETED(3, "Completed"),
    ACKNOWLEDGED(4, "Acknowledged"), COMPLETED_WILL_RETRY(5, "CompletedWillRetry");

    private final int code;
    private final String keyfactorName;

    SimHistoryStatus(int code, String keyfactorName) {
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
}
