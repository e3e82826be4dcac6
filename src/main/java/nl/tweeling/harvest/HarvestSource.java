package nl.tweeling.harvest;

/**
 * What a harvester of observations fetches and reads. File feeds fetch one document and hand it to an
 * {@link ObservationReader}; a SensorThings source pages through a remote service and asks only for what is
 * newer than the stored data. Sources never write: the {@link HarvestRunner} does.
 */
public interface HarvestSource {

    /**
     * Fetches and reads everything new, calling {@code sink} in source order.
     *
     * @throws HarvestException when the source cannot be fetched or is malformed (the run then writes nothing)
     */
    void harvest(HarvestContext context, ReadingSink sink);
}
