package io.jobhook.api.command;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import io.jobhook.api.KeyfactorEnum;

/**
 * A filter in Keyfactor Command's query language, the {@code QueryString} of list endpoints:
 * {@code Field -op "value"} comparisons joined by {@code AND} and {@code OR}, with parentheses.
 *
 * <pre>{@code
 * Query q = Query.field("JobId").eq(jobId)
 *         .and(Query.field("Status").eq(JobHistoryStatus.COMPLETED)
 *                 .or(Query.field("Status").eq(JobHistoryStatus.COMPLETED_WILL_RETRY)));
 * q.render();  // JobId -eq "0b4b..." AND (Status -eq "3" OR Status -eq "5")
 * }</pre>
 *
 * <p>Rendering rules: every value is quoted, enumeration codes too ({@code Status -eq "3"});
 * a backslash or double quote inside a value is escaped with a backslash; {@code NULL} is the bare
 * keyword; an {@code AND} inside an {@code OR} (and the reverse) is put in parentheses, a nested
 * junction of the same kind is flattened. Values: strings (Command's tokens such as {@code %TODAY%}
 * included), numbers, booleans, GUIDs, {@link KeyfactorEnum}s (as their number), and
 * {@link Instant}/{@link LocalDateTime}/{@link LocalDate}, written in UTC without an offset as Command
 * writes its own timestamps. Immutable and thread-safe.
 */
public final class Query {

    /** The comparison operators of Command's query language. */
    public enum Operator {
        EQ("-eq"), NE("-ne"), CONTAINS("-contains"), NOT_CONTAINS("-notcontains"),
        STARTS_WITH("-startswith"), ENDS_WITH("-endswith"), LT("-lt"), LE("-le"), GT("-gt"), GE("-ge");

        private final String token;

        Operator(String token) {
            this.token = token;
        }

        /** @return the operator as written in a query, e.g. {@code -eq} */
        public String token() {
            return token;
        }
    }

    private enum Kind { ATOM, AND, OR }

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private final Kind kind;
    private final String atom;          // the comparison, or the raw text, of an ATOM
    private final boolean raw;          // a raw atom is put in parentheses inside a junction
    private final List<Query> operands; // of an AND or OR

    private Query(Kind kind, String atom, boolean raw, List<Query> operands) {
        this.kind = kind;
        this.atom = atom;
        this.raw = raw;
        this.operands = operands;
    }

    private static Query comparison(String text) {
        return new Query(Kind.ATOM, text, false, List.of());
    }

    /**
     * Starts a comparison on a field of the endpoint's documented query fields (Command ignores the
     * case of field names).
     *
     * @throws IllegalArgumentException for a name that is not a plain identifier
     */
    public static Field field(String name) {
        if (name == null || !FIELD_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Query field name '" + name
                    + "' is not an identifier (letters, digits, '_' and '.', not starting with a digit)");
        }
        return new Field(name);
    }

    /**
     * Takes a query already written in Command's language, as is. It is put in parentheses when
     * combined with others.
     *
     * @throws IllegalArgumentException for a blank text
     */
    public static Query raw(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A raw query must not be blank");
        }
        return new Query(Kind.ATOM, text.trim(), true, List.of());
    }

    /** @return every one of the queries must hold ({@code AND}) */
    public static Query all(Query first, Query... more) {
        return junction(Kind.AND, first, more);
    }

    /** @return at least one of the queries must hold ({@code OR}) */
    public static Query any(Query first, Query... more) {
        return junction(Kind.OR, first, more);
    }

    /** @return this query {@code AND} the other */
    public Query and(Query other) {
        return all(this, other);
    }

    /** @return this query {@code OR} the other */
    public Query or(Query other) {
        return any(this, other);
    }

    /** @return the query in Command's language, e.g. {@code JobId -eq "0b4b411a-..."} */
    public String render() {
        if (kind == Kind.ATOM) {
            return atom;
        }
        StringBuilder sb = new StringBuilder();
        String joiner = kind == Kind.AND ? " AND " : " OR ";
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                sb.append(joiner);
            }
            Query operand = operands.get(i);
            boolean group = operand.kind != Kind.ATOM || operand.raw;
            sb.append(group ? "(" + operand.render() + ")" : operand.atom);
        }
        return sb.toString();
    }

    /**
     * @return {@link #render()} percent-encoded for a URL's query component, a space as {@code %20}
     *         (not {@code +}), as Command expects
     */
    public String percentEncoded() {
        return percentEncode(render());
    }

    /** Percent-encodes a query parameter value the way Command expects (a space as {@code %20}). */
    public static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** @return {@link #render()} */
    @Override
    public String toString() {
        return render();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Query && ((Query) o).render().equals(render());
    }

    @Override
    public int hashCode() {
        return render().hashCode();
    }

    private static Query junction(Kind kind, Query first, Query... more) {
        List<Query> all = new ArrayList<>();
        add(kind, all, first);
        for (Query q : more) {
            add(kind, all, q);
        }
        return all.size() == 1 ? all.get(0) : new Query(kind, null, false, List.copyOf(all));
    }

    private static void add(Kind kind, List<Query> into, Query q) {
        Objects.requireNonNull(q, "query");
        if (q.kind == kind) {
            into.addAll(q.operands);
        } else {
            into.add(q);
        }
    }

    static String literal(Object value) {
        String text;
        if (value instanceof KeyfactorEnum e) {
            text = Integer.toString(e.code());
        } else if (value instanceof Instant i) {
            text = LocalDateTime.ofInstant(i, ZoneOffset.UTC).toString();
        } else if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof UUID || value instanceof LocalDateTime || value instanceof LocalDate) {
            text = value.toString();
        } else if (value == null) {
            throw new IllegalArgumentException("A query value must not be null; use isNull() or isNotNull()");
        } else {
            throw new IllegalArgumentException("Cannot write a " + value.getClass().getName()
                    + " into a query; use a String, number, boolean, UUID, Instant, LocalDate(Time) or KeyfactorEnum");
        }
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A field of a comparison still waiting for its operator. */
    public static final class Field {
        private final String name;

        private Field(String name) {
            this.name = name;
        }

        /** @return {@code Field <operator> "value"} */
        public Query is(Operator operator, Object value) {
            Objects.requireNonNull(operator, "operator");
            return comparison(name + " " + operator.token() + " " + literal(value));
        }

        public Query eq(Object value) {
            return is(Operator.EQ, value);
        }

        public Query ne(Object value) {
            return is(Operator.NE, value);
        }

        public Query contains(Object value) {
            return is(Operator.CONTAINS, value);
        }

        public Query notContains(Object value) {
            return is(Operator.NOT_CONTAINS, value);
        }

        public Query startsWith(Object value) {
            return is(Operator.STARTS_WITH, value);
        }

        public Query endsWith(Object value) {
            return is(Operator.ENDS_WITH, value);
        }

        public Query lt(Object value) {
            return is(Operator.LT, value);
        }

        public Query le(Object value) {
            return is(Operator.LE, value);
        }

        public Query gt(Object value) {
            return is(Operator.GT, value);
        }

        public Query ge(Object value) {
            return is(Operator.GE, value);
        }

        /** @return {@code Field -eq NULL} */
        public Query isNull() {
            return comparison(name + " -eq NULL");
        }

        /** @return {@code Field -ne NULL} */
        public Query isNotNull() {
            return comparison(name + " -ne NULL");
        }
    }
}
