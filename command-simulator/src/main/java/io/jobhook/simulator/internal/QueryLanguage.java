package io.jobhook.simulator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jobhook.simulator.CodedEnum;

/**
 * Command's query language ({@code QueryString}): comparisons {@code Field -op "value"} joined by
 * {@code AND}/{@code OR} (any case; AND binds tighter) with parentheses.
 *
 * <ul>
 * <li>Operators {@code -eq -ne -contains -notcontains -startswith -endswith -lt -le -gt -ge}, any case.
 * <li>Field names ignore case. Values are quoted ({@code \"} and {@code \\} escape inside quotes) or bare
 * words; the bare keyword {@code NULL} works with {@code -eq} and {@code -ne} only.
 * <li>Text compares without case. Numbers and dates compare by value. Enumerations accept their number
 * or name. GUIDs accept braces. Booleans accept true/false/1/0.
 * <li>Dates: a timestamp (offset optional, UTC without), a date, or {@code %TODAY%}, {@code %TODAY+n%},
 * {@code %TODAY-n%} (days, UTC). A date or TODAY stands for that whole day: {@code -eq} is "during the
 * day", {@code -lt} "before it", {@code -gt} "after it".
 * <li>A null field matches {@code -eq NULL}, {@code -ne <value>} and {@code -notcontains}, nothing else.
 * </ul>
 */
public final class QueryLanguage {

    private static final Pattern TODAY = Pattern.compile("%TODAY(?:([+-])(\\d{1,5}))?%", Pattern.CASE_INSENSITIVE);
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final List<String> OPERATORS = List.of("-eq", "-ne", "-contains", "-notcontains", "-startswith",
            "-endswith", "-lt", "-le", "-gt", "-ge");

    private QueryLanguage() {
    }

    /**
     * Compiles a query against an endpoint's fields.
     *
     * @param query the query; null or blank matches every row
     * @throws QueryException naming what is wrong and where
     */
    public static <T> Predicate<T> compile(String query, FieldSet<T> fields, Clock clock) {
        if (query == null || query.isBlank()) {
            return row -> true;
        }
        Parser<T> p = new Parser<>(tokenize(query), fields, clock, query);
        Predicate<T> result = p.orExpr();
        if (p.pos < p.tokens.size()) {
            throw new QueryException("Invalid query: unexpected '" + p.tokens.get(p.pos).text + "' at position "
                    + (p.tokens.get(p.pos).at + 1) + " of \"" + query + "\"");
        }
        return result;
    }

    private enum T { LPAREN, RPAREN, QUOTED, WORD }

    private record Token(T type, String text, int at) {
    }

    private static List<Token> tokenize(String q) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                tokens.add(new Token(T.LPAREN, "(", i++));
            } else if (c == ')') {
                tokens.add(new Token(T.RPAREN, ")", i++));
            } else if (c == '"') {
                int start = i++;
                StringBuilder sb = new StringBuilder();
                boolean closed = false;
                while (i < q.length()) {
                    char d = q.charAt(i);
                    if (d == '\\' && i + 1 < q.length() && (q.charAt(i + 1) == '"' || q.charAt(i + 1) == '\\')) {
                        sb.append(q.charAt(i + 1));
                        i += 2;
                    } else if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new QueryException("Invalid query: the quoted value starting at position " + (start + 1)
                            + " is not closed");
                }
                tokens.add(new Token(T.QUOTED, sb.toString(), start));
            } else {
                int start = i;
                while (i < q.length() && !Character.isWhitespace(q.charAt(i)) && q.charAt(i) != '('
                        && q.charAt(i) != ')' && q.charAt(i) != '"') {
                    i++;
                }
                tokens.add(new Token(T.WORD, q.substring(start, i), start));
            }
        }
        return tokens;
    }

    private static final class Parser<R> {
        private final List<Token> tokens;
        private final FieldSet<R> fields;
        private final Clock clock;
        private final String query;
        private int pos;

        Parser(List<Token> tokens, FieldSet<R> fields, Clock clock, String query) {
            this.tokens = tokens;
            this.fields = fields;
            this.clock = clock;
            this.query = query;
        }

        private boolean isWord(String w) {
            return pos < tokens.size() && tokens.get(pos).type == T.WORD && tokens.get(pos).text.equalsIgnoreCase(w);
        }

        Predicate<R> orExpr() {
            Predicate<R> left = andExpr();
            while (isWord("OR")) {
                pos++;
                left = left.or(andExpr());
            }
            return left;
        }

        Predicate<R> andExpr() {
            Predicate<R> left = primary();
            while (isWord("AND")) {
                pos++;
                left = left.and(primary());
            }
            return left;
        }

        Predicate<R> primary() {
            if (pos >= tokens.size()) {
                throw new QueryException("Invalid query: \"" + query + "\" ends where a comparison was expected");
            }
            Token t = tokens.get(pos);
            if (t.type == T.LPAREN) {
                pos++;
                Predicate<R> inner = orExpr();
                if (pos >= tokens.size() || tokens.get(pos).type != T.RPAREN) {
                    throw new QueryException("Invalid query: missing ')' for the '(' at position " + (t.at + 1));
                }
                pos++;
                return inner;
            }
            return comparison();
        }

        Predicate<R> comparison() {
            Token f = tokens.get(pos++);
            if (f.type != T.WORD || !FIELD.matcher(f.text).matches()) {
                throw new QueryException("Invalid query: expected a field name at position " + (f.at + 1) + ", found '"
                        + f.text + "'");
            }
            FieldSet.Field<R> field = fields.field(f.text).orElseThrow(() -> new QueryException(
                    "Invalid query: unknown field '" + f.text + "'"));
            if (pos >= tokens.size() || tokens.get(pos).type != T.WORD
                    || !OPERATORS.contains(tokens.get(pos).text.toLowerCase(Locale.ROOT))) {
                String found = pos < tokens.size() ? "'" + tokens.get(pos).text + "'" : "the end";
                throw new QueryException("Invalid query: expected an operator (" + String.join(" ", OPERATORS)
                        + ") after " + field.name() + ", found " + found);
            }
            String op = tokens.get(pos++).text.toLowerCase(Locale.ROOT);
            if (pos >= tokens.size() || tokens.get(pos).type == T.LPAREN || tokens.get(pos).type == T.RPAREN) {
                throw new QueryException("Invalid query: expected a value after " + field.name() + " " + op);
            }
            Token v = tokens.get(pos++);
            if (v.type == T.WORD && v.text.equalsIgnoreCase("NULL")) {
                return switch (op) {
                    case "-eq" -> row -> field.accessor().apply(row) == null;
                    case "-ne" -> row -> field.accessor().apply(row) != null;
                    default -> throw new QueryException("Invalid query: " + op + " cannot compare " + field.name()
                            + " with NULL (use -eq or -ne)");
                };
            }
            return Comparisons.build(field, op, v.text, clock);
        }
    }

    /** The comparison of one field with one value. */
    private static final class Comparisons {

        static <R> Predicate<R> build(FieldSet.Field<R> field, String op, String value, Clock clock) {
            return switch (field.kind()) {
                case STRING -> string(field, op, value);
                case NUMBER -> ordered(field, op, number(field, value), v -> ((Number) v).longValue());
                case GUID -> guid(field, op, value);
                case BOOLEAN -> bool(field, op, value);
                case ENUM -> ordered(field, op, (long) enumCode(field, value), v -> (long) ((CodedEnum) v).code());
                case DATE -> date(field, op, value, clock);
            };
        }

        private static <R> Predicate<R> string(FieldSet.Field<R> field, String op, String value) {
            String v = value.toLowerCase(Locale.ROOT);
            return row -> {
                Object o = field.accessor().apply(row);
                if (o == null) {
                    return op.equals("-ne") || op.equals("-notcontains");
                }
                String s = o.toString().toLowerCase(Locale.ROOT);
                return switch (op) {
                    case "-eq" -> s.equals(v);
                    case "-ne" -> !s.equals(v);
                    case "-contains" -> s.contains(v);
                    case "-notcontains" -> !s.contains(v);
                    case "-startswith" -> s.startsWith(v);
                    case "-endswith" -> s.endsWith(v);
                    case "-lt" -> s.compareTo(v) < 0;
                    case "-le" -> s.compareTo(v) <= 0;
                    case "-gt" -> s.compareTo(v) > 0;
                    default -> s.compareTo(v) >= 0;
                };
            };
        }

        private static <R> Predicate<R> ordered(FieldSet.Field<R> field, String op, long v,
                java.util.function.ToLongFunction<Object> asLong) {
            if (!List.of("-eq", "-ne", "-lt", "-le", "-gt", "-ge").contains(op)) {
                throw new QueryException("Invalid query: " + op + " does not apply to " + field.name()
                        + " (use -eq -ne -lt -le -gt -ge)");
            }
            return row -> {
                Object o = field.accessor().apply(row);
                if (o == null) {
                    return op.equals("-ne");
                }
                long x = asLong.applyAsLong(o);
                return switch (op) {
                    case "-eq" -> x == v;
                    case "-ne" -> x != v;
                    case "-lt" -> x < v;
                    case "-le" -> x <= v;
                    case "-gt" -> x > v;
                    default -> x >= v;
                };
            };
        }

        private static long number(FieldSet.Field<?> field, String value) {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new QueryException("Invalid query: '" + value + "' is not a number, as " + field.name()
                        + " needs");
            }
        }

        private static int enumCode(FieldSet.Field<?> field, String value) {
            for (CodedEnum e : field.enumType().getEnumConstants()) {
                if (e.keyfactorName().equalsIgnoreCase(value.trim()) || Integer.toString(e.code()).equals(value.trim())) {
                    return e.code();
                }
            }
            StringBuilder allowed = new StringBuilder();
            for (CodedEnum e : field.enumType().getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(e.code()).append(' ').append(e.keyfactorName());
            }
            throw new QueryException("Invalid query: '" + value + "' is not a value of " + field.name() + " ("
                    + allowed + ")");
        }

        private static <R> Predicate<R> guid(FieldSet.Field<R> field, String op, String value) {
            if (List.of("-lt", "-le", "-gt", "-ge").contains(op)) {
                throw new QueryException("Invalid query: " + op + " does not apply to " + field.name());
            }
            if (op.equals("-eq") || op.equals("-ne")) {
                UUID id = parseGuid(field, value);
                return row -> {
                    Object o = field.accessor().apply(row);
                    boolean eq = id.equals(o);
                    return op.equals("-eq") ? eq : !eq;
                };
            }
            return string(field, op, value);
        }

        private static UUID parseGuid(FieldSet.Field<?> field, String value) {
            String v = value.trim();
            if (v.startsWith("{") && v.endsWith("}")) {
                v = v.substring(1, v.length() - 1);
            }
            if (!v.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                throw new QueryException("Invalid query: '" + value + "' is not a GUID, as " + field.name() + " needs");
            }
            return UUID.fromString(v.toLowerCase(Locale.ROOT));
        }

        private static <R> Predicate<R> bool(FieldSet.Field<R> field, String op, String value) {
            if (!op.equals("-eq") && !op.equals("-ne")) {
                throw new QueryException("Invalid query: " + op + " does not apply to " + field.name()
                        + " (use -eq or -ne)");
            }
            String v = value.trim().toLowerCase(Locale.ROOT);
            boolean b;
            if (v.equals("true") || v.equals("1")) {
                b = true;
            } else if (v.equals("false") || v.equals("0")) {
                b = false;
            } else {
                throw new QueryException("Invalid query: '" + value + "' is not true or false, as " + field.name()
                        + " needs");
            }
            return row -> {
                Object o = field.accessor().apply(row);
                if (o == null) {
                    return op.equals("-ne");
                }
                return op.equals("-eq") == (((Boolean) o) == b);
            };
        }

        private static <R> Predicate<R> date(FieldSet.Field<R> field, String op, String value, Clock clock) {
            if (!List.of("-eq", "-ne", "-lt", "-le", "-gt", "-ge").contains(op)) {
                throw new QueryException("Invalid query: " + op + " does not apply to " + field.name()
                        + " (use -eq -ne -lt -le -gt -ge)");
            }
            Instant start;
            Instant end;
            String v = value.trim();
            Matcher m = TODAY.matcher(v);
            if (m.matches()) {
                LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
                if (m.group(1) != null) {
                    int n = Integer.parseInt(m.group(2));
                    day = m.group(1).equals("+") ? day.plusDays(n) : day.minusDays(n);
                }
                start = day.atStartOfDay().toInstant(ZoneOffset.UTC);
                end = start.plus(Duration.ofDays(1));
            } else if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                try {
                    start = LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new QueryException("Invalid query: '" + value + "' is not a date, as " + field.name()
                            + " needs");
                }
                end = start.plus(Duration.ofDays(1));
            } else {
                try {
                    start = Timestamps.parse(v);
                } catch (IllegalArgumentException e) {
                    throw new QueryException("Invalid query: '" + value + "' is not a date or timestamp (or %TODAY%), as "
                            + field.name() + " needs");
                }
                end = null;
            }
            Instant s = start;
            Instant e = end;
            return row -> {
                Object o = field.accessor().apply(row);
                if (o == null) {
                    return op.equals("-ne");
                }
                Instant x = (Instant) o;
                boolean inDay = e == null ? x.equals(s) : !x.isBefore(s) && x.isBefore(e);
                Instant after = e == null ? s : e;
                return switch (op) {
                    case "-eq" -> inDay;
                    case "-ne" -> !inDay;
                    case "-lt" -> x.isBefore(s);
                    case "-ge" -> !x.isBefore(s);
                    case "-gt" -> e == null ? x.isAfter(s) : !x.isBefore(after);
                    default -> e == null ? !x.isAfter(s) : x.isBefore(after);
                };
            };
        }
    }
}
