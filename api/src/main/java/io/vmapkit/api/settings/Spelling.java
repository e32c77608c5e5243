package io.vmapkit.api.settings;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * The "did you mean" rule of every settings error: the known key nearest to a misspelt one by
 * Levenshtein distance, if it is near enough to be a typo. Package-private: callers get the
 * suggestion inside a {@link SettingException}. Stateless.
 */
final class Spelling {

    private Spelling() {}

    /**
     * The candidate nearest to {@code name} if it is within {@code max(2, n / 4)} edits ({@code n}:
     * the length of the shorter of the two) and not a rewrite of every character of the longer one.
     * Of equally near candidates, the first in iteration order wins.
     *
     * <p>A candidate containing {@code <} is a form such as {@code vmapkit.plugin.<name>.<key>}: it
     * is compared by its literal part before the {@code <} with as many leading characters of
     * {@code name}, suggested only within 2 edits, and only if no plain key is as near.
     */
    static Optional<String> closest(String name, Collection<String> candidates) {
        Objects.requireNonNull(name, "name");
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.indexOf('<') >= 0) {
                continue;
            }
            int d = editDistance(name, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        for (String form : candidates) {
            int lt = form.indexOf('<');
            if (lt < 0) {
                continue;
            }
            String literal = form.substring(0, lt);
            int d = editDistance(name.substring(0, Math.min(name.length(), literal.length())), literal);
            if (d <= 2 && d < bestDistance && !name.startsWith(literal)) {
                return Optional.of(form);
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int shorter = Math.min(name.length(), best.length());
        int longer = Math.max(name.length(), best.length());
        return bestDistance <= Math.max(2, shorter / 4) && bestDistance < longer ? Optional.of(best) : Optional.empty();
    }

    /**
     * The Levenshtein distance of {@code a} and {@code b}: the fewest single-character insertions,
     * deletions and substitutions that turn one into the other.
     */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
