package io.jobhook.simulator.internal;

/**
 * An API answer other than success, with a Keyfactor-style error code. Only {@link #INVALID_PARAMETER}
 * is a code seen in real Command answers; the others are the simulator's own, in the same style.
 */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An invalid query, sort field or paging parameter (real Command's code for "Invalid sort field"). */
    public static final String INVALID_PARAMETER = "0xA011004A";
    /** A malformed or invalid request body or parameter. */
    public static final String BAD_REQUEST = "0xA0110001";
    /** The {@code x-keyfactor-requested-with} header is missing. */
    public static final String MISSING_HEADER = "0xA0110002";
    /** No such resource, or no such endpoint. */
    public static final String NOT_FOUND = "0xA0110010";
    /** The method is not allowed on the endpoint. */
    public static final String METHOD_NOT_ALLOWED = "0xA0110011";
    /** An unexpected (or simulated) server error. */
    public static final String SERVER_ERROR = "0xA0000001";

    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, BAD_REQUEST, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, NOT_FOUND, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
