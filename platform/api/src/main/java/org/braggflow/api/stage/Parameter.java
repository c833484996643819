package org.braggflow.api.stage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one stage parameter on a method of a parameter annotation interface; the method name is
 * the parameter name, its return type the parameter type (int, long, double, boolean, String or an
 * enum) and its default value the default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Parameter {

    /** One line saying what the parameter does. */
    String doc();

    /** Unit of the value, empty when dimensionless. */
    String unit() default "";

    /** Smallest allowed value (numbers only), inclusive. */
    double min() default Double.NEGATIVE_INFINITY;

    /** Largest allowed value (numbers only), inclusive. */
    double max() default Double.POSITIVE_INFINITY;

    /** Allowed values of a String parameter; empty means any. Enums list their constants themselves. */
    String[] options() default {};

    /**
     * Whether the value (a String) is a file or folder path. The platform resolves a relative path
     * against the Braggflow home before the stage sees it, and rejects a workflow whose path leaves
     * the home; an empty value means "none" and is left as it is.
     */
    boolean path() default false;
}
