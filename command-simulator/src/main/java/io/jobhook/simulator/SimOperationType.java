package io.jobhook.simulator;

/** Keyfactor's {@code CertStoreOperationType}, with its numbers (6 to 9 in declaration order). */
public enum SimOperationType implements CodedEnum {
    UNKNOWN(0, "Unknown"), INVENTORY(1, "Inventory"), ADD(2, "Add"), REMOVE(3, "Remove"), CREATE(4, "Create"),
    CREATE_ADD(5, "CreateAdd"), REENROLLMENT(6, "Reenrollment"), DISCOVERY(7, "Discovery"),
    SET_PASSWORD(8, "SetPassword"), FETCH_LOGS(9, "FetchLogs");

    private final int code;
    private final String keyfactorName;

    SimOperationType(int code, String keyfactorName) {
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
