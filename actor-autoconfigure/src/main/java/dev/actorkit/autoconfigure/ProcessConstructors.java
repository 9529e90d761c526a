package dev.actorkit.autoconfigure;

import dev.actorkit.autoconfigure.SupervisionPlan.ProcessNode;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;

/**
 * Checks, before the tree starts, that the bean factory can call the constructor of every {@code @Process}
 * class: each parameter has a bean, and only the process of a dynamic supervisor takes a {@link ProcessKey}.
 * Without it, the first incarnation's creation would fail inside the supervisor's start, with Spring's report
 * buried in the runtime's. Candidates are looked up, not created: no bean is instantiated for the check.
 *
 * <p>Thread-safety: stateless.
 */
final class ProcessConstructors {

    private ProcessConstructors() {
    }

    /**
     * @throws ActorConfigurationException for the first process whose constructor cannot be called
     */
    static void check(SupervisionPlan plan, AutowireCapableBeanFactory beanFactory) {
        plan.processes().forEach(process -> check(process, false, null, beanFactory));
        plan.dynamicSupervisors().forEach(dynamic -> check(dynamic.process(), true, dynamic.name(), beanFactory));
    }

    private static void check(ProcessNode process, boolean keyed, @Nullable String dynamicSupervisor,
                              AutowireCapableBeanFactory beanFactory) {
        Constructor<?> constructor = constructor(process.type());
        if (constructor == null) {
            return; // the no-argument constructor, or several without @Autowired: Spring reports those itself
        }
        String className = process.type().getName();
        for (int i = 0; i < constructor.getParameterCount(); i++) {
            MethodParameter parameter = new MethodParameter(constructor, i);
            Class<?> type = parameter.getParameterType();
            if (type == ProcessKey.class || isOptionalOf(parameter, ProcessKey.class)) {
                if (!keyed) {
                    throw new ActorConfigurationException(className, "the constructor of @Process "
                            + process.type().getSimpleName() + " takes a ProcessKey (parameter " + i + "), but '"
                            + process.name() + "' is not the process of a dynamic supervisor, so it is never started"
                            + " with a key.", "Run it under a dynamic supervisor (actor.supervision.<name>.strategy: dynamic,"
                            + " process: " + process.name() + ") and start it with DynamicProcesses.getOrStart(key), or"
                            + " remove the parameter.");
                }
                continue;
            }
            if (type == Optional.class || type == ObjectProvider.class || type.isArray()
                    || java.util.Collection.class.isAssignableFrom(type) || java.util.Map.class.isAssignableFrom(type)) {
                continue; // may be empty
            }
            LookupOnly descriptor = new LookupOnly(parameter);
            if (!descriptor.isRequired()) {
                continue;
            }
            try {
                beanFactory.resolveDependency(descriptor, null);
            } catch (LookupOnly.Found found) {
                // a candidate exists
            } catch (NoUniqueBeanDefinitionException ambiguous) {
                throw new ActorConfigurationException(className, "the constructor of @Process "
                        + process.type().getSimpleName() + " needs a bean of type " + parameter.getGenericParameterType()
                        .getTypeName() + " (parameter " + i + "), but there are " + ambiguous.getNumberOfBeansFound() + ": "
                        + ambiguous.getBeanNamesFound() + ".", "Mark one of them @Primary, or name the one it needs with"
                        + " @Qualifier on the parameter.");
            } catch (NoSuchBeanDefinitionException missing) {
                throw new ActorConfigurationException(className, "the constructor of @Process "
                        + process.type().getSimpleName() + " needs a bean of type " + parameter.getGenericParameterType()
                        .getTypeName() + " (parameter " + i + "), but the application defines none"
                        + (dynamicSupervisor != null ? " (its instances are started by dynamic supervisor '"
                        + dynamicSupervisor + "')" : "") + ".", "Define a bean of that type, or take Optional<"
                        + ClassUtils.getShortName(type) + "> or ObjectProvider<" + ClassUtils.getShortName(type)
                        + "> if the process can run without one.");
            }
        }
    }

    /** The constructor the bean factory calls with arguments: the {@code @Autowired} one, or the only one. */
    private static @Nullable Constructor<?> constructor(Class<?> type) {
        Constructor<?>[] constructors = type.getDeclaredConstructors();
        List<Constructor<?>> autowired = Arrays.stream(constructors)
                .filter(constructor -> constructor.isAnnotationPresent(Autowired.class)).toList();
        Constructor<?> chosen = autowired.size() == 1 ? autowired.get(0) : constructors.length == 1 ? constructors[0] : null;
        return chosen != null && chosen.getParameterCount() > 0 ? chosen : null;
    }

    private static boolean isOptionalOf(MethodParameter parameter, Class<?> element) {
        return parameter.getParameterType() == Optional.class
                && parameter.nested().getNestedParameterType() == element;
    }

    /**
     * Resolves a dependency up to its candidate without creating it: finding one that does not exist yet throws
     * {@link Found}.
     */
    private static final class LookupOnly extends DependencyDescriptor {

        private static final long serialVersionUID = 1L;

        LookupOnly(MethodParameter parameter) {
            super(parameter, true);
        }

        /** An existing singleton is returned (the factory then checks that the choice is unique); others are not created. */
        @Override
        public Object resolveCandidate(String beanName, Class<?> requiredType, BeanFactory beanFactory) {
            if (beanFactory instanceof SingletonBeanRegistry singletons && singletons.getSingleton(beanName) != null) {
                return singletons.getSingleton(beanName);
            }
            throw new Found();
        }

        /** A candidate was found; thrown without a stack trace, as a signal. */
        private static final class Found extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Found() {
                super(null, null, false, false);
            }
        }
    }
}
