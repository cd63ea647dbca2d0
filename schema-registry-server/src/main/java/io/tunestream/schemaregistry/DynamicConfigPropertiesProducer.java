package io.tunestream.schemaregistry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.List;
import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Produces;

/**
 * Stands in for the bean that Apicurio's {@code apicurio-common-app-components-config-index} build extension would
 * generate (that artifact is not served by Maven Central). It lists the properties an administrator may change at
 * run time through the registry's admin API; the embedded registry offers none, so every setting comes from its
 * start-up configuration.
 */
@ApplicationScoped
public class DynamicConfigPropertiesProducer {

    @Produces
    @ApplicationScoped
    DynamicConfigPropertyList dynamicConfigProperties() {
        return new DynamicConfigPropertyList(List.of());
    }
}
