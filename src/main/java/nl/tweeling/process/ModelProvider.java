package nl.tweeling.process;

import nl.tweeling.process.model.Model;

/**
 * A CDI bean that contributes a model as a process: {@link ProcessRegistry} collects every bean of this type. Use it
 * for a model that needs injected things (config, other beans); plain models are listed in
 * {@link ProcessRegistry#BUILT_IN}.
 */
public interface ModelProvider {

    Model<?, ?> model();
}
