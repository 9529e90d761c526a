package dev.actorkit.test.spring;

import org.springframework.boot.test.context.SpringBootTestContextBootstrapper;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/** Bootstraps an {@link ActorTest}: a Spring Boot test whose extra properties come from the annotation. */
class ActorTestContextBootstrapper extends SpringBootTestContextBootstrapper {

    @Override
    protected String[] getProperties(Class<?> testClass) {
        return MergedAnnotations.from(testClass, SearchStrategy.INHERITED_ANNOTATIONS).get(ActorTest.class)
                .getValue("properties", String[].class).orElse(null);
    }
}
