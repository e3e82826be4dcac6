package nl.tweeling.harvest.ndw;

import java.io.InputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import nl.tweeling.harvest.MalformedSourceException;

/** What the NDW readers share: a StAX reader without DTDs or external entities, and the publication check. */
final class Datex2 {

    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private Datex2() {
    }

    /** A streaming reader of {@code body} that resolves no DTD and no external entity. */
    static XMLStreamReader open(InputStream body) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f.createXMLStreamReader(body);
    }

    /** Checks the {@code xsi:type} of the payloadPublication element {@code x} is on: {@code expected}. */
    static void publication(XMLStreamReader x, String expected) throws MalformedSourceException {
        String type = x.getAttributeValue(XSI, "type");
        if (type == null || !type.endsWith(expected)) {
            throw new MalformedSourceException("payloadPublication is " + type + ", expected " + expected);
        }
    }
}
