package io.jobhook.runtime.ingress.internal;

import java.util.Objects;

/**
 * One thing wrong with a request, as a problem document's {@code errors} entry reports it.
 *
 * @param field the field or header, in Keyfactor's spelling ({@code JobId}), or {@code body}
 * @param value what was sent, made safe to echo ({@link #echo(String)}), or null when nothing was sent
 * @param message what is wrong and what is expected
 */
record FieldError(String field, String value, String message) {

    /** The most characters of a sent value that an error echoes. */
    static final int MAX_ECHO = 100;

    FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /**
     * @return {@code value} fit to echo in a response or a log line: control, format and line-separator
     *         characters and lone surrogates written as {@code \\uXXXX}, cut after {@link #MAX_ECHO}
     *         characters with an ellipsis; null for null
     */
    static String echo(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_ECHO) + 8);
        int i = 0;
        while (i < value.length()) {
            if (out.length() >= MAX_ECHO) {
                out.append('\u2026');
                break;
            }
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                if (out.length() + 2 > MAX_ECHO) {
                    out.append('\u2026');
                    break;
                }
                out.append(c).append(value.charAt(i + 1));
                i += 2;
                continue;
            }
            if (unsafe(c)) {
                if (out.length() + 6 > MAX_ECHO) { // an escape is cut whole, never run past the limit
                    out.append('\u2026');
                    break;
                }
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    /**
     * @return whether {@code text} holds a control character (C0, DEL, C1), a line or paragraph separator
     *         (what would break a log line) or a lone surrogate (what no UTF-8 store can hold)
     */
    static boolean hasControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unsafe(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || Character.isSurrogate(c);
    }
}
