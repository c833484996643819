package org.braggflow.api.stage;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A stage implementation as users see it: type, name, one-line doc and its declared parameters. */
public record StageDescriptor(String type, String name, String description, List<ParameterSpec> parameters) {

    public StageDescriptor {
        parameters = List.copyOf(parameters);
    }

    /** Reads the declaration of a stage service. */
    public static StageDescriptor of(String type, String name, StageService service) {
        return new StageDescriptor(type, name, service.description(), specs(service.parameterType()));
    }

    /**
     * The parameters declared by an annotation interface, in the order the declaration lists them (read
     * from its class file: docs, help and run.json show them as their author grouped them); by name when
     * the class file cannot be read.
     */
    public static List<ParameterSpec> specs(Class<? extends Annotation> declaration) {
        List<ParameterSpec> specs = new ArrayList<>();
        for (Method m : declaration.getDeclaredMethods()) {
            Parameter p = m.getAnnotation(Parameter.class);
            if (p == null) {
                throw new IllegalArgumentException(declaration.getName() + "." + m.getName()
                        + " has no @Parameter declaration");
            }
            Object def = m.getDefaultValue();
            if (def == null) {
                throw new IllegalArgumentException(declaration.getName() + "." + m.getName() + " has no default");
            }
            List<String> options = Arrays.asList(p.options());
            if (m.getReturnType().isEnum()) {
                options = Arrays.stream(m.getReturnType().getEnumConstants()).map(ParameterSpec::text).toList();
            }
            specs.add(new ParameterSpec(m.getName(), m.getReturnType(), def, p.unit(), p.min(), p.max(),
                    options, p.doc(), p.path()));
        }
        specs.sort(Comparator.comparing(ParameterSpec::name));
        DeclarationOrder.of(declaration).ifPresent(order -> specs.sort(Comparator.comparingInt(p -> {
            int at = order.indexOf(p.name());
            return at < 0 ? Integer.MAX_VALUE : at;
        })));
        return specs;
    }

    public Optional<ParameterSpec> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The declared parameter closest to a misspelt name, if any is close enough to suggest. */
    public Optional<String> didYouMean(String unknown) {
        String u = unknown.toLowerCase(Locale.ROOT);
        return parameters.stream().map(ParameterSpec::name)
                .filter(n -> editDistance(n.toLowerCase(Locale.ROOT), u) <= Math.max(2, n.length() / 3))
                .min(Comparator.comparingInt(n -> editDistance(n.toLowerCase(Locale.ROOT), u)));
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
