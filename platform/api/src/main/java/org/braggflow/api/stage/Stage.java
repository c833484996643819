package org.braggflow.api.stage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Marks a Declarative Services component as a stage and sets its service properties
 * {@code stage.type} and {@code stage.name}: {@code @Stage(type = "denoiser", name = "sor")}.
 * The type must be one of {@link StageType#id()}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Stage {

    /** Prefix that turns the element names into the service property names. */
    String PREFIX_ = "stage.";

    String type();

    String name();
}
