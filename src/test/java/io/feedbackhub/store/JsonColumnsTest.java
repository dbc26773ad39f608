package io.feedbackhub.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written JSON columns write what Jackson wrote before, byte for byte, and read back to what was written. */
class JsonColumnsTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final List<String> AWKWARD = Arrays.asList("", "plain", "quote \" and \\ backslash", "new\nline\ttab\rcr",
            "\b\f\u0000\u0001\u001f\u007f", "ünïcödé ✓ 🚀 \u2028", "slash / and </script>", null);

    @Test
    void listsAreWrittenAsJacksonWroteThem() throws Exception {
        assertEquals(JACKSON.writeValueAsString(AWKWARD), JsonColumns.list(AWKWARD));
        assertEquals("[]", JsonColumns.list(List.of()));
        assertEquals("[]", JsonColumns.list((List<String>) null));
        assertEquals(AWKWARD, JsonColumns.list(JsonColumns.list(AWKWARD)));
    }

    @Test
    void mapsAreWrittenInKeyOrderAsJacksonWroteThem() throws Exception {
        var map = new LinkedHashMap<String, String>();
        for (int i = AWKWARD.size() - 2; i >= 0; i--) { // keys in reverse order: the column sorts them
            map.put(AWKWARD.get(i) + i, AWKWARD.get(AWKWARD.size() - 1 - i));
        }
        var expected = JACKSON.writeValueAsString(new TreeMap<>(map));
        assertEquals(expected, JsonColumns.map(map));
        assertEquals(expected, JsonColumns.map(new TreeMap<>(map)));
        assertEquals(expected, JsonColumns.map(new HashMap<>(map)));
        assertEquals("{}", JsonColumns.map(java.util.Map.of()));
        assertEquals(new TreeMap<>(map), new TreeMap<>(JsonColumns.map(JsonColumns.map(map))));
    }
}
