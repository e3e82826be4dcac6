package nl.tweeling.viewer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import nl.tweeling.common.problem.TweelingException;

/**
 * The glyph PBFs (signed distance fields, MapLibre's {@code glyphs.proto}) that the build generates into the
 * classpath, {@code glyphs/<font stack>/<start>-<end>.pbf} (src/main/webui/build.mjs), with the font stacks
 * listed in {@code glyphs/fontstacks.txt}. MapLibre asks for a comma-separated list of font stacks and a range
 * of 256 code points; the first stack we have answers. A range of 0…65535 in which the font has no glyph is an
 * empty stack (as glyph servers answer), so a label with such a character still renders the rest.
 * Thread-safe: ranges are read once and kept (the whole font is about 2 MB).
 */
@ApplicationScoped
public class Glyphs {

    private static final Pattern RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");

    private final List<String> stacks;
    private final ConcurrentMap<String, byte[]> cache = new ConcurrentHashMap<>();

    public Glyphs() {
        this.stacks = read("glyphs/fontstacks.txt").map(b -> new String(b, StandardCharsets.UTF_8).lines()
                .map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    /** The font stacks the app has glyphs of. */
    public List<String> stacks() {
        return stacks;
    }

    /**
     * The PBF of {@code range} ("0-255") of the first known stack in {@code fontstack} ("Noto Sans Regular,Arial");
     * a 404 problem for an unknown font stack or a range that is not 256 code points from a multiple of 256 up to
     * 65535.
     */
    public byte[] range(String fontstack, String range) {
        String stack = null;
        for (String s : fontstack.split(",")) {
            if (stacks.contains(s.strip())) {
                stack = s.strip();
                break;
            }
        }
        if (stack == null) {
            throw TweelingException.notFound("There are no glyphs of the font stack " + shown(fontstack)
                    + "; font stacks: " + String.join(", ", stacks) + ".");
        }
        Matcher m = RANGE.matcher(range);
        int start = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        if (start < 0 || start % 256 != 0 || start > 65280 || Integer.parseInt(m.group(2)) != start + 255) {
            throw TweelingException.notFound("There is no glyph range " + shown(range)
                    + ": a range is 256 code points from a multiple of 256, 0-255 to 65280-65535.");
        }
        String key = stack + "/" + start + "-" + (start + 255);
        String name = stack;
        return cache.computeIfAbsent(key, k -> read("glyphs/" + k + ".pbf").orElseGet(() -> emptyStack(name, k)));
    }

    private static String shown(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "'" + t.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** glyphs { stacks (1) { name (1), range (2) } } without glyphs. */
    static byte[] emptyStack(String name, String key) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] r = key.substring(key.lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream stack = new ByteArrayOutputStream();
        field(stack, 1, n);
        field(stack, 2, r);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, 1, stack.toByteArray());
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int tag, byte[] bytes) {
        varint(out, (tag << 3) | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
