package io.vmapkit.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void aGivenSeedIsReplayed() {
        String before = System.getProperty(Seeds.PROPERTY);
        System.setProperty(Seeds.PROPERTY, " -17 ");
        try {
            assertThat(Seeds.seed("SeedsTest")).isEqualTo(-17L);
        } finally {
            if (before == null) {
                System.clearProperty(Seeds.PROPERTY);
            } else {
                System.setProperty(Seeds.PROPERTY, before);
            }
        }
    }

    @Test
    void replayNamesTheProperty() {
        assertThat(Seeds.replay(5)).isEqualTo("seed=5 (replay with -Dvmapkit.seed=5)");
    }

    @Test
    void aLongPropertyAcceptsUnderscoresAndFallsBackWhenUnsetOrBlank() {
        String key = "vmapkit.testsupport.SeedsTest.ops";
        System.setProperty(key, "1_000_000");
        try {
            assertThat(Seeds.longProperty(key, 7)).isEqualTo(1_000_000L);
            System.setProperty(key, "  ");
            assertThat(Seeds.longProperty(key, 7)).isEqualTo(7L);
        } finally {
            System.clearProperty(key);
        }
        assertThat(Seeds.longProperty(key, 9)).isEqualTo(9L);
    }
}
