package io.jobhook.simulator.internal;

/** An invalid query, sort field or paging parameter; the API answers it with 400 and its message. */
public final class QueryException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public QueryException(String message) {
        super(message);
    }
}
