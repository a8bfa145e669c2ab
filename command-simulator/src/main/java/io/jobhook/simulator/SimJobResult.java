package io.jobhook.simulator;

/** A job run's result ({@code OrchestratorJobStatusJobResult}), with Keyfactor's numbers and names. */
public enum SimJobResult implements CodedEnum {
    UNKNOWN(0, "Unknown"), IN_PROCESS(1, "InProcess"), SUCCESS(2, "Success"), WARNING(3, "Warning"), FAILURE(4, "Failure");

    private final int code;
    private final String keyfactorName;

    SimJobResult(int code, String keyfactorName) {
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
