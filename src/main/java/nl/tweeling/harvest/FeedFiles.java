package nl.tweeling.harvest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Recognises a file that a harvester type reads (for the import's "GDAL cannot read" message, which then says
 * which harvester to start). Looks only at the head of the file (gzip unpacked), as each reader recognises its
 * source: the KNMI legend's {@code # STN,YYYYMMDD} header line, the waterinfo JSON's {@code series} of
 * {@code dateTime}/{@code value} data, the LML {@code <message><body><meting>} or {@code <ROWSET><ROW>} with
 * {@code MWAA_}/{@code STAT_} fields, and a DATEX II {@code MeasuredDataPublication} or
 * {@code MeasurementSiteTablePublication}. Plain Java; never throws for content.
 */
final class FeedFiles {

    /** How much of a file is looked at. The KNMI legend before its header line is about 6 KB. */
    static final int HEAD = 64 * 1024;

    private FeedFiles() {
    }

    static Optional<String> recognise(Path file) {
        byte[] head;
        try {
            head = head(file);
        } catch (IOException e) {
            return Optional.empty();
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (knmi(text)) {
            return Optional.of(HarvesterTypes.KNMI_DAILY);
        }
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") && waterinfo(head)) {
            return Optional.of(HarvesterTypes.RWS_WATERINFO);
        }
        if (trimmed.startsWith("<")) {
            if (text.contains("datex2.eu/schema") && (text.contains("MeasuredDataPublication")
                    || text.contains("MeasurementSiteTablePublication"))) {
                return Optional.of(HarvesterTypes.NDW_TRAFFICSPEED);
            }
            if (lml(head)) {
                return Optional.of(HarvesterTypes.RIVM_LML);
            }
        }
        return Optional.empty();
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = raw.markSupported() ? raw : new java.io.BufferedInputStream(raw);
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) {
                in = new GZIPInputStream(in);
            }
            return in.readNBytes(HEAD);
        }
    }

    private static boolean knmi(String text) {
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("# STN,YYYYMMDD") || line.startsWith("STN,YYYYMMDD")) {
                return true;
            }
        }
        return false;
    }

    /** A top-level {@code series} array whose first series has {@code data} of {@code dateTime}/{@code value} or {@code isPrediction}. */
    private static boolean waterinfo(byte[] head) {
        try (JsonParser p = new JsonFactory().createParser(head)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("series") && value == JsonToken.START_ARRAY) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        return false;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String member = p.currentName();
                        if (member.equals("isPrediction") || member.equals("data")) {
                            return true;
                        }
                        p.nextToken();
                        p.skipChildren();
                    }
                    return false;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            // not JSON, or the head ends within it before series
        }
        return false;
    }

    /** Root {@code message} with {@code meting}, or root {@code ROWSET} whose {@code ROW} has LML fields. */
    private static boolean lml(byte[] head) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader x = null;
        try {
            x = f.createXMLStreamReader(new ByteArrayInputStream(head));
            String root = null;
            int seen = 0;
            while (x.hasNext() && seen < 20) {
                if (x.next() != XMLStreamReader.START_ELEMENT) {
                    continue;
                }
                String name = x.getLocalName();
                if (root == null) {
                    root = name;
                    if (!root.equals("message") && !root.equals("ROWSET")) {
                        return false;
                    }
                } else if (root.equals("message") && name.equals("meting")) {
                    return true;
                } else if (root.equals("ROWSET") && (name.startsWith("MWAA_") || name.equals("STAT_NUMMER"))) {
                    return true;
                }
                seen++;
            }
        } catch (XMLStreamException e) {
            // not XML, or the head ends before it tells
        } finally {
            if (x != null) {
                try {
                    x.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release
                }
            }
        }
        return false;
    }
}
