package io.jobhook.api;

/**
 * The operation a certificate store job performed: Keyfactor's {@code CertStoreOperationType}
 * (context field {@code OperationType}), with Keyfactor's numbers.
 *
 * <p>Inventory jobs report {@link #UNKNOWN}; management jobs {@link #ADD}, {@link #REMOVE},
 * {@link #CREATE} or {@link #CREATE_ADD}. Numbers 6 to 9 follow the declaration order of Keyfactor's
 * enumeration; its documentation lists no numbers for them. Completions read from job history carry
 * {@link #UNKNOWN}, since job history does not record the operation.
 */
public enum OperationType implements KeyfactorEnum {
    /** 0: none or not known (inventory jobs, and completions read from job history). */
    UNKNOWN(0, "Unknown"),
    /** 1: inventory. */
    INVENTORY(1, "Inventory"),
    /** 2: a certificate was added to the store. */
    ADD(2, "Add"),
    /** 3: a certificate was removed from the store. */
    REMOVE(3, "Remove"),
    /** 4: the store was created. */
    CREATE(4, "Create"),
    /** 5: the store was created and a certificate added. */
    CREATE_ADD(5, "CreateAdd"),
    /** 6: reenrollment (key generated on the target). */
    REENROLLMENT(6, "Reenrollment"),
    /** 7: discovery of stores. */
    DISCOVERY(7, "Discovery"),
    /** 8: the store's password was set. */
    SET_PASSWORD(8, "SetPassword"),
    /** 9: logs were fetched from the orchestrator. */
    FETCH_LOGS(9, "FetchLogs");

    private final int code;
    private final String keyfactorName;

    OperationType(int code, String keyfactorName) {
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
    public static OperationType parse(String value) {
        return KeyfactorEnum.parse(OperationType.class, value);
    }

    /**
     * @throws IllegalArgumentException for a number Keyfactor does not define
     */
    public static OperationType fromCode(int code) {
        return KeyfactorEnum.fromCode(OperationType.class, code);
    }

    /** @return Keyfactor's name, as the sample's trace prints it */
    @Override
    public String toString() {
        return keyfactorName;
    }
}
