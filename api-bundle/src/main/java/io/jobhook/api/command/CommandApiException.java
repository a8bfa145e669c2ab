package io.jobhook.api.command;

/**
 * A Command API call failed: Command answered an error, or could not be reached.
 *
 * <p>Carries what Command said ({@code {"ErrorCode":"0xA011004A","Message":"Invalid sort field: ..."}})
 * and which call it was. The message never contains credentials, tokens or request bodies.
 */
public class CommandApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The {@link #status()} of a call that got no HTTP answer (connection refused, timeout, TLS). */
    public static final int NO_RESPONSE = 0;

    private final int status;
    private final String errorCode;
    private final String keyfactorMessage;
    private final String method;
    private final String path;

    /**
     * @param status the HTTP status, or {@link #NO_RESPONSE}
     * @param errorCode Keyfactor's {@code ErrorCode}, e.g. {@code 0xA011004A}; null when absent
     * @param keyfactorMessage Keyfactor's {@code Message}; null when absent
     * @param method e.g. {@code GET}
     * @param path the path below the base URL, e.g. {@code /OrchestratorJobs/JobHistory}
     * @param cause the transport failure, or null
     */
    public CommandApiException(int status, String errorCode, String keyfactorMessage, String method, String path,
            Throwable cause) {
        this(status, errorCode, keyfactorMessage, method, path, null, cause);
    }

    /**
     * @param status the HTTP status, or {@link #NO_RESPONSE}
     * @param errorCode Keyfactor's {@code ErrorCode}, e.g. {@code 0xA011004A}; null when absent
     * @param keyfactorMessage Keyfactor's {@code Message}; null when absent
     * @param method e.g. {@code GET}
     * @param path the path below the base URL, e.g. {@code /OrchestratorJobs/JobHistory}
     * @param detail what the caller should know beyond Command's own words (a 401 without a body, a body
     *        that is not JSON), or null
     * @param cause the transport failure, or null
     */
    public CommandApiException(int status, String errorCode, String keyfactorMessage, String method, String path,
            String detail, Throwable cause) {
        super(describe(status, errorCode, keyfactorMessage, method, path, detail, cause), cause);
        this.status = status;
        this.errorCode = errorCode;
        this.keyfactorMessage = keyfactorMessage;
        this.method = method;
        this.path = path;
    }

    /** @return the HTTP status, or {@link #NO_RESPONSE} when Command could not be reached */
    public int status() {
        return status;
    }

    /** @return Keyfactor's {@code ErrorCode}, or null */
    public String errorCode() {
        return errorCode;
    }

    /** @return Keyfactor's {@code Message}, or null */
    public String keyfactorMessage() {
        return keyfactorMessage;
    }

    /** @return the HTTP method of the failed call */
    public String method() {
        return method;
    }

    /** @return the path of the failed call, below the base URL */
    public String path() {
        return path;
    }

    /** @return whether Command answered 404: the thing asked for does not exist */
    public boolean isNotFound() {
        return status == 404;
    }

    private static String describe(int status, String errorCode, String message, String method, String path,
            String detail, Throwable cause) {
        StringBuilder sb = new StringBuilder("Command API ").append(method).append(' ').append(path);
        if (status == NO_RESPONSE) {
            sb.append(" got no answer");
            if (cause != null) {
                sb.append(": ").append(cause.getClass().getSimpleName());
                if (cause.getMessage() != null) {
                    sb.append(": ").append(cause.getMessage());
                }
            }
            if (detail != null) {
                sb.append(" (").append(detail).append(')');
            }
            return sb.toString();
        }
        sb.append(" answered ").append(status);
        if (errorCode != null) {
            sb.append(" (").append(errorCode).append(')');
        }
        if (message != null && !message.isBlank()) {
            sb.append(": ").append(message);
        }
        if (detail != null) {
            sb.append(message != null && !message.isBlank() ? " (" + detail + ")" : ": " + detail);
        }
        return sb.toString();
    }
}
