package dev.actorkit.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The {@code @Process} classes found under the application's auto-configuration packages, by process
 * name, in alphabetical order of name. Immutable.
 *
 * @param classes each process's class by its name
 */
record ProcessCatalog(Map<String, Class<?>> classes) {

    /** The bean name of the catalog, registered by {@link ProcessBeanRegistrar}. */
    static final String BEAN_NAME = "actorProcessCatalog";

    ProcessCatalog {
        classes = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(classes)));
    }

    static ProcessCatalog empty() {
        return new ProcessCatalog(Map.of());
    }

    /** The catalog registered in {@code beanFactory}, or an empty one when no process was discovered. */
    static ProcessCatalog in(ListableBeanFactory beanFactory) {
        return beanFactory.containsBean(BEAN_NAME) ? beanFactory.getBean(BEAN_NAME, ProcessCatalog.class) : empty();
    }

    boolean contains(String name) {
        return classes.containsKey(name);
    }
}
