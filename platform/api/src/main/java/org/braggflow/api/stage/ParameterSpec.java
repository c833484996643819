package org.braggflow.api.stage;

import java.util.List;
import java.util.Locale;

/**
 * One declared parameter, read from its {@link Parameter} annotation: the value type validation
 * converts to, and everything {@code stages}, docs and provenance show.
 *
 * @param path whether the value is a file or folder path ({@link Parameter#path()})
 */
public record ParameterSpec(String name, Class<?> type, Object defaultValue, String unit,
                            double min, double max, List<String> options, String doc, boolean path) {

    public ParameterSpec {
        options = List.copyOf(options);
        if (path && type != String.class) {
            throw new IllegalArgumentException("parameter " + name + " is declared a path but is not a String");
        }
    }

    /** A parameter that is not a path. */
    public ParameterSpec(String name, Class<?> type, Object defaultValue, String unit,
                         double min, double max, List<String> options, String doc) {
        this(name, type, defaultValue, unit, min, max, options, doc, false);
    }

    /** The type as users read it in workflow files and docs. */
    public String typeName() {
        if (path) return "path";
        if (type == int.class || type == long.class) return "integer";
        if (type == double.class || type == float.class) return "number";
        if (type == boolean.class) return "boolean";
        if (type.isEnum()) return "choice";
        return "string";
    }

    /** The default as written in a workflow file. */
    public String defaultText() {
        return text(defaultValue);
    }

    /** Converts a value written by a user to this parameter's type or throws with the reason. */
    public Object convert(Object raw) {
        if (raw == null) throw new IllegalArgumentException(name + " needs a value");
        Object value;
        if (type == int.class || type == long.class) {
            value = integer(raw);
            if (type == int.class) {
                long v = (Long) value;
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw outOfRange(raw);
                value = (int) v;
            }
        } else if (type == double.class || type == float.class) {
            double v = number(raw);
            value = type == float.class ? (Object) (float) v : (Object) v;
        } else if (type == boolean.class) {
            value = bool(raw);
        } else if (type.isEnum()) {
            value = enumConstant(raw);
        } else {
            String s = String.valueOf(raw);
            if (!options.isEmpty() && !options.contains(s)) {
                throw new IllegalArgumentException(name + " must be one of " + options + ", not '" + s + "'");
            }
            value = s;
        }
        if (value instanceof Number n && (n.doubleValue() < min || n.doubleValue() > max)) {
            throw outOfRange(raw);
        }
        return value;
    }

    /** The allowed range as text, e.g. "[1, 1000]" or "" when unbounded. */
    public String rangeText() {
        if (!options.isEmpty()) return String.join("|", options);
        if (min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY) return "";
        return "[" + bound(min) + ", " + bound(max) + "]";
    }

    private IllegalArgumentException outOfRange(Object raw) {
        return new IllegalArgumentException(name + " = " + raw + " is outside the allowed range " + rangeText());
    }

    private long integer(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) return ((Number) raw).longValue();
        if (raw instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException(name + " must be an integer, not '" + raw + "'");
    }

    private double number(Object raw) {
        if (raw instanceof Number n) return n.doubleValue();
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException(name + " must be a number, not '" + raw + "'");
    }

    private boolean bool(Object raw) {
        if (raw instanceof Boolean b) return b;
        String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        throw new IllegalArgumentException(name + " must be true or false, not '" + raw + "'");
    }

    private Object enumConstant(Object raw) {
        String s = String.valueOf(raw).trim();
        for (Object c : type.getEnumConstants()) {
            if (text(c).equalsIgnoreCase(s) || ((Enum<?>) c).name().equalsIgnoreCase(s)) return c;
        }
        throw new IllegalArgumentException(name + " must be one of " + options + ", not '" + raw + "'");
    }

    /** Enum constants are written in workflow files in lower case with dashes: PLANE_45 -> plane-45. */
    static String text(Object value) {
        if (value instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return String.valueOf(value);
    }

    private static String bound(double v) {
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
