package dev.actorkit.autoconfigure;

import dev.actorkit.ProcessRef;
import dev.actorkit.annotation.Process;
import dev.actorkit.autoconfigure.ActorProperties.SupervisorProperties;
import dev.actorkit.autoconfigure.ActorProperties.SupervisorStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Finds the {@code @Process} classes under the application's auto-configuration packages (those of
 * its {@code @SpringBootApplication} class), without {@code @Component}, and registers for each a
 * {@code ProcessRef<T>} bean typed with its class, so that {@code ProcessRef<Counter>} is injected by
 * generic type. The process's name is its class's simple name with a lower-case first letter, as for
 * a bean ({@code Counter} → {@code counter}; {@code URLParser} stays {@code URLParser}); its ref bean
 * is named after it with {@code Ref} appended ({@code counterRef}). A bean of that name defined by the
 * application wins, and the process then has no ref bean. The process of a dynamic supervisor has no
 * ref bean (it runs many times); its supervisor has a {@code DynamicProcesses<T>} bean instead, named
 * after the supervisor with {@code Processes} appended ({@code bucketsProcesses}). The process classes
 * themselves are not beans: each incarnation is created by {@link ProcessTree}.
 *
 * <p>Concurrency: used once, by the thread that refreshes the application context.
 */
class ProcessBeanRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware, EnvironmentAware, ResourceLoaderAware {

    private static final Log LOG = LogFactory.getLog(ProcessBeanRegistrar.class);

    /** The bean name of the prototype {@link ProcessKey}, injected into dynamic children. */
    static final String PROCESS_KEY_BEAN_NAME = "actorProcessKey";

    private @Nullable BeanFactory beanFactory;
    private @Nullable Environment environment;
    private @Nullable ResourceLoader resourceLoader;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
        BeanFactory factory = beanFactory;
        if (factory == null || !AutoConfigurationPackages.has(factory)) {
            LOG.debug("No auto-configuration packages: no @Process classes are looked for");
            return;
        }
        ProcessCatalog catalog = scan(AutoConfigurationPackages.get(factory));
        registry.registerBeanDefinition(ProcessCatalog.BEAN_NAME, catalogDefinition(catalog));
        Map<String, String> dynamic = dynamicSupervisors(catalog);
        dynamic.forEach((process, supervisor) -> {
            String beanName = dynamicBeanName(supervisor);
            if (registry.containsBeanDefinition(beanName)) {
                LOG.info("The application defines a bean named '" + beanName + "': dynamic supervisor '" + supervisor
                        + "' runs without a DynamicProcesses bean of its own");
                return;
            }
            registry.registerBeanDefinition(beanName, dynamicDefinition(supervisor, catalog.classes().get(process)));
        });
        if (!dynamic.isEmpty() && !registry.containsBeanDefinition(PROCESS_KEY_BEAN_NAME)) {
            registry.registerBeanDefinition(PROCESS_KEY_BEAN_NAME, processKeyDefinition());
        }
        catalog.classes().forEach((name, type) -> {
            if (dynamic.containsKey(name)) {
                return; // many instances, each its own ref: the DynamicProcesses bean hands them out
            }
            String refName = refBeanName(name);
            if (registry.containsBeanDefinition(refName)) {
                LOG.info("The application defines a bean named '" + refName + "': process '" + name + "' runs without a"
                        + " ProcessRef bean of its own");
                return;
            }
            registry.registerBeanDefinition(refName, refDefinition(name, type));
        });
    }

    /** The process classes in {@code packages} and below, by process name. */
    ProcessCatalog scan(List<String> packages) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                AnnotationMetadata metadata = definition.getMetadata();
                return metadata.isIndependent() && metadata.isConcrete();
            }
        };
        if (environment != null) {
            scanner.setEnvironment(environment);
        }
        if (resourceLoader != null) {
            scanner.setResourceLoader(resourceLoader);
        }
        scanner.addIncludeFilter(new AnnotationTypeFilter(Process.class, false));
        scanner.addExcludeFilter(new AssignableTypeFilter(NestedSupervisor.class));
        scanner.addExcludeFilter((reader, factory) ->
                reader.getClassMetadata().getClassName().startsWith("dev.actorkit.internal."));
        ClassLoader classLoader = resourceLoader != null ? resourceLoader.getClassLoader() : ClassUtils.getDefaultClassLoader();
        Map<String, Class<?>> classes = new LinkedHashMap<>();
        for (String basePackage : packages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
                String className = candidate.getBeanClassName();
                if (className == null) {
                    continue;
                }
                if (candidate instanceof AnnotatedBeanDefinition annotated
                        && annotated.getMetadata().getAnnotations().isPresent(Component.class)) {
                    throw new ActorConfigurationException(className, "the class is both a @Process and a @Component (or"
                            + " another stereotype), so Spring would also create it as a singleton bean that no process runs.",
                            "Remove @Component: the starter finds @Process classes by itself and creates each incarnation"
                                    + " through the bean factory; inject ProcessRef<" + ClassUtils.getShortName(className)
                                    + "> to talk to it.");
                }
                Class<?> type = ClassUtils.resolveClassName(className, classLoader);
                String name = processName(type);
                Class<?> other = classes.putIfAbsent(name, type);
                if (other != null && other != type) {
                    String first = other.getName().compareTo(type.getName()) < 0 ? other.getName() : type.getName();
                    String second = first.equals(other.getName()) ? type.getName() : other.getName();
                    throw new ActorConfigurationException(first + ", " + second,
                            "both @Process classes have the process name '" + name + "' (the simple class name with a"
                                    + " lower-case first letter), but process names must be unique.",
                            "Rename one of the classes.");
                }
            }
        }
        return new ProcessCatalog(classes);
    }

    /** The simple class name with a lower-case first letter, as Spring names beans. */
    static String processName(Class<?> type) {
        return StringUtils.uncapitalizeAsProperty(type.getSimpleName());
    }

    static String refBeanName(String processName) {
        return processName + "Ref";
    }

    /** The {@link DynamicProcesses} bean of a dynamic supervisor: its name followed by {@code Processes}. */
    static String dynamicBeanName(String supervisorName) {
        return supervisorName + "Processes";
    }

    /**
     * The processes run by dynamic supervisors, with their supervisor, as {@code actor.supervision}
     * declares them. A configuration that does not bind, or names no known process, is left to
     * {@link SupervisionPlan}, which reports it when the tree is created.
     */
    private Map<String, String> dynamicSupervisors(ProcessCatalog catalog) {
        Map<String, String> dynamic = new LinkedHashMap<>();
        if (environment == null) {
            return dynamic;
        }
        Map<String, SupervisorProperties> supervision;
        try {
            supervision = Binder.get(environment).bind("actor.supervision",
                    Bindable.mapOf(String.class, SupervisorProperties.class)).orElse(Map.of());
        } catch (BindException reportedLater) {
            LOG.debug("actor.supervision does not bind yet; binding ActorProperties reports it: " + reportedLater);
            return dynamic;
        }
        supervision.forEach((name, supervisor) -> {
            String process = supervisor.getProcess() == null ? "" : supervisor.getProcess().strip();
            if (supervisor.getStrategy() == SupervisorStrategy.DYNAMIC && catalog.contains(process)) {
                dynamic.putIfAbsent(process, name);
            }
        });
        return dynamic;
    }

    private static RootBeanDefinition catalogDefinition(ProcessCatalog catalog) {
        RootBeanDefinition definition = new RootBeanDefinition(ProcessCatalog.class, () -> catalog);
        definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
        return definition;
    }

    private RootBeanDefinition dynamicDefinition(String supervisor, Class<?> type) {
        BeanFactory factory = beanFactory;
        RootBeanDefinition definition = new RootBeanDefinition(DynamicProcesses.class);
        definition.setTargetType(ResolvableType.forClassWithGenerics(DynamicProcesses.class, type));
        definition.setInstanceSupplier(() -> factory.getBean(ProcessTree.class).dynamic(supervisor));
        definition.setDescription("The children of dynamic supervisor '" + supervisor + "', instances of @Process "
                + type.getName());
        return definition;
    }

    /** A ProcessKey for each dynamic child created: the key it is created for, or null (no bean) without one. */
    private static RootBeanDefinition processKeyDefinition() {
        RootBeanDefinition definition = new RootBeanDefinition(ProcessKey.class);
        definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
        definition.setInstanceSupplier(DynamicChildren::currentKey);
        definition.setDescription("The key of the dynamic child being created");
        return definition;
    }

    private RootBeanDefinition refDefinition(String name, Class<?> type) {
        BeanFactory factory = beanFactory;
        RootBeanDefinition definition = new RootBeanDefinition(ProcessRef.class);
        definition.setTargetType(ResolvableType.forClassWithGenerics(ProcessRef.class, type));
        definition.setInstanceSupplier(() -> factory.getBean(ProcessTree.class).ref(name));
        definition.setDescription("The stable ref of @Process " + type.getName());
        return definition;
    }
}
