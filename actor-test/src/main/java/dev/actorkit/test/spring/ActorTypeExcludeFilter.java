package dev.actorkit.test.spring;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * The component scan of an {@link ActorTest}: no component of the application unless the annotation's
 * filters include it (the base class includes nothing by default). {@code @Process} classes are not
 * components; the auto-configuration finds them.
 */
final class ActorTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<ActorTest> {

    ActorTypeExcludeFilter(Class<?> testClass) {
        super(testClass);
    }
}
