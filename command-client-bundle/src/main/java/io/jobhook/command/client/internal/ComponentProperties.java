package io.jobhook.command.client.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A component property type (a configuration annotation) over a plain map, built as DS builds it from
 * the component's properties, for callers outside a framework ({@code CommandClients}): element names
 * map to property names by the DS rules ({@code _password} is {@code .password}), an absent key takes the
 * element's default, a scalar is coerced ({@code "5000"} to a {@code long}; the first element of an array
 * or collection). Where DS would fail the activation on a value it cannot coerce, this adds a problem
 * naming key and value (never a private {@code .}-value) and uses the default, so that the settings'
 * validation can report every key at fault at once.
 */
final class ComponentProperties {

    private ComponentProperties() {
    }

    static <A extends Annotation> A of(Class<A> type, Map<String, ?> properties, List<String> problems) {
        Map<String, Object> values = new HashMap<>();
        for (Method element : type.getDeclaredMethods()) {
            String key = propertyName(element.getName());
            Object value = scalar(properties.get(key));
            values.put(element.getName(), value == null ? element.getDefaultValue()
                    : coerce(key, value, element.getReturnType(), element.getDefaultValue(), problems));
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (values.containsKey(method.getName()) && method.getParameterCount() == 0) {
                return values.get(method.getName());
            }
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "hashCode" -> System.identityHashCode(self);
                case "equals" -> self == args[0];
                // The values may hold secrets.
                case "toString" -> "@" + type.getName() + "(values hidden)";
                default -> throw new UnsupportedOperationException(method.getName());
            };
        });
        return type.cast(proxy);
    }

    /** DS 1.4, 112.8.2.1: {@code $_$} is '-', {@code $$} is '$', another '$' goes; {@code __} is '_', '_' is '.'. */
    static String propertyName(String element) {
        StringBuilder b = new StringBuilder(element.length());
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            char next = i + 1 < element.length() ? element.charAt(i + 1) : 0;
            if (c == '$') {
                if (next == '_' && i + 2 < element.length() && element.charAt(i + 2) == '$') {
                    b.append('-');
                    i += 2;
                } else if (next == '$') {
                    b.append('$');
                    i++;
                }
            } else if (c == '_') {
                b.append(next == '_' ? '_' : '.');
                if (next == '_') {
                    i++;
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Object scalar(Object value) {
        if (value instanceof Collection<?> c) {
            Iterator<?> it = c.iterator();
            return it.hasNext() ? it.next() : null;
        }
        if (value != null && value.getClass().isArray()) {
            return Array.getLength(value) > 0 ? Array.get(value, 0) : null;
        }
        return value;
    }

    private static Object coerce(String key, Object value, Class<?> to, Object fallback, List<String> problems) {
        if (to == String.class) {
            return String.valueOf(value);
        }
        try {
            if (to == long.class) {
                return value instanceof Number n ? n.longValue() : Long.parseLong(text(value));
            }
            if (to == int.class) {
                return value instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.parseInt(text(value));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            problems.add("key '" + key + "' must be a whole number, is "
                    + (key.startsWith(".") ? "(value hidden)" : "'" + value + "'"));
            return fallback;
        }
        throw new IllegalStateException("No coercion to " + to + " for key '" + key + "'");
    }

    private static String text(Object value) {
        if (value instanceof Boolean) {   // as true is no number of milliseconds
            throw new NumberFormatException("a boolean");
        }
        return String.valueOf(value);
    }
}
