package io.jobhook.runtime.spi;

/** Where the delivery of one completion to one handler identity stands. */
public enum DeliveryState {
    /** Not yet attempted, or attempted and to be attempted again; resumed after a restart. */
    PENDING,
    /** The handler returned {@code true}. */
    DELIVERED,
    /** The last attempt failed and no other is planned. */
    FAILED
}
