package org.braggflow.api.stage;

import java.lang.annotation.Annotation;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What every stage implementation offers besides its work: the declaration of its parameters.
 * The declaration is an annotation interface whose methods carry {@link Parameter}; it is the one
 * place a parameter's name, type, default, unit, range and doc are written. Validation, the
 * {@code stages} listing, docs and provenance are all derived from it.
 */
@ConsumerType
public interface StageService {

    /** The annotation interface declaring this stage's parameters. */
    Class<? extends Annotation> parameterType();

    /** One line saying what the stage does. */
    String description();
}
