package io.vmapkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the flat JSON the cli writes (an array of objects of strings and numbers), keeping each
 * object's key order, for assertions. Fails on anything else.
 */
final class Json {

    private static final Pattern OBJECT = Pattern.compile("\\{([^{}]*)\\}");
    private static final Pattern FIELD = Pattern.compile("\\s*\"([^\"]+)\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9.eE+-]+)\\s*(,|$)");

    private Json() {}

    static List<Map<String, String>> objects(String json) {
        String t = json.strip();
        if (!t.startsWith("[") || !t.endsWith("]")) {
            throw new IllegalArgumentException("not a JSON array: " + json);
        }
        List<Map<String, String>> list = new ArrayList<>();
        Matcher m = OBJECT.matcher(t);
        while (m.find()) {
            Map<String, String> obj = new LinkedHashMap<>();
            String body = m.group(1).strip();
            Matcher f = FIELD.matcher(body);
            int end = 0;
            while (end < body.length() && f.find(end) && f.start() == end) {
                String v = f.group(2);
                obj.put(f.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
                end = f.end();
            }
            if (end != body.length()) {
                throw new IllegalArgumentException("cannot read object at: " + body.substring(end));
            }
            list.add(obj);
        }
        return list;
    }
}
