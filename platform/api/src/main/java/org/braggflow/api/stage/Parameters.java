package org.braggflow.api.stage;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validated parameter values of one stage invocation: every declared parameter has a value (the
 * user's or the default). Stage code reads them typed through {@link #as(Class)}.
 */
public final class Parameters {

    private final Map<String, Object> values;

    private Parameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Validates user values against a declaration and fills the defaults.
     *
     * @throws IllegalArgumentException naming the first unknown, mistyped or out-of-range parameter
     */
    public static Parameters of(StageDescriptor descriptor, Map<String, ?> userValues) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (String key : userValues.keySet()) {
            if (descriptor.parameter(key).isEmpty()) {
                String hint = descriptor.didYouMean(key).map(s -> " (did you mean '" + s + "'?)").orElse("");
                throw new IllegalArgumentException("stage " + descriptor.type() + "/" + descriptor.name()
                        + " has no parameter '" + key + "'" + hint);
            }
        }
        for (ParameterSpec spec : descriptor.parameters()) {
            Object raw = userValues.containsKey(spec.name()) ? userValues.get(spec.name()) : spec.defaultValue();
            resolved.put(spec.name(), spec.convert(raw));
        }
        return new Parameters(resolved);
    }

    /** The defaults of a declaration. */
    public static Parameters defaults(Class<? extends Annotation> declaration) {
        return of(new StageDescriptor("", "", "", StageDescriptor.specs(declaration)), Map.of());
    }

    /** Every value by name, as recorded in provenance. */
    public Map<String, Object> values() {
        return values;
    }

    /** A typed view: an instance of the declaration annotation returning these values. */
    public <A extends Annotation> A as(Class<A> declaration) {
        Object proxy = Proxy.newProxyInstance(declaration.getClassLoader(), new Class<?>[] {declaration},
                (self, method, args) -> switch (method.getName()) {
                    case "annotationType" -> declaration;
                    case "toString" -> declaration.getSimpleName() + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> self == args[0];
                    default -> {
                        Object v = values.get(method.getName());
                        if (v == null) throw new IllegalStateException("no value for " + method.getName());
                        yield v;
                    }
                });
        return declaration.cast(proxy);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
