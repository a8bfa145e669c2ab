package io.jobhook.simulator.internal;

import io.jobhook.simulator.CodedEnum;

/** An orchestrator's {@code Status}, answered as a number. */
public enum SimAgentStatus implements CodedEnum {
    NEW(1, "New"), APPROVED(2, "Approved"), DISAPPROVED(3, "Disapproved"), PENDING(4, "Pending");

    private final int code;
    private final String keyfactorName;

    SimAgentStatus(int code, String keyfactorName) {
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

    /** @return the constant with the number, or null */
    public static SimAgentStatus of(int code) {
        for (SimAgentStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
